# Local state by default: ziem's Terraform wrapper passes the path (under the state directory, one
# file per sandbox name) with -backend-config, or replaces this block with a GCS backend (bucket
# gcp.stateBucket, prefix per sandbox name) through a backend_override.tf.json when a bucket is set.
terraform {
  backend "local" {}
}
