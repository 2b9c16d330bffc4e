# Terraform and provider versions. The google provider is never downloaded on ziem's development
# machines (no registry access there); `ziem deploy --target gcp` runs `terraform init` where it can.
terraform {
  required_version = ">= 1.5.0"

  required_providers {
    google = {
      source  = "hashicorp/google"
      version = ">= 5.0, < 7.0"
    }
  }
}
