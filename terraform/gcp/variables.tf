# Inputs of the GCP sandbox. ziem writes them to terraform.tfvars.json from ziem.yaml; every one
# has a type and a description, and the ones with a safe default can be left out.

variable "project" {
  type        = string
  description = "Google Cloud project ID the sandbox is created in."
}

variable "region" {
  type        = string
  description = "Region of the subnets, the router, Cloud NAT and the mirroring load balancer."
  default     = "europe-west1"
}

variable "zone" {
  type        = string
  description = "Zone of every VM (sandbox hosts, stack, collector)."
  default     = "europe-west1-b"
}

variable "sandbox_name" {
  type        = string
  description = "Name of this sandbox: prefixes every resource, labels it, and names its state (one state per name)."

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{0,19}$", var.sandbox_name))
    error_message = "sandbox_name must be 1-20 characters of a-z, 0-9 and '-', starting with a letter."
  }
}

variable "hosts" {
  type        = list(string)
  description = "Roles of the sandbox VMs, one VM per entry (web, db, workstation, attacker); repeat a role for more VMs of it (web1, web2)."
  default     = ["web", "db", "workstation", "attacker"]

  validation {
    condition     = length(var.hosts) > 0 && alltrue([for r in var.hosts : contains(["web", "db", "workstation", "attacker"], r)])
    error_message = "hosts must list at least one role, each one of web, db, workstation, attacker."
  }
}

variable "sandbox_subnet_cidr" {
  type        = string
  description = "VPC range of the sandbox VMs (their static internal IPs and the VXLAN underlay)."
  default     = "10.10.0.0/24"
}

variable "platform_subnet_cidr" {
  type        = string
  description = "VPC range of the stack VM and the mirroring collector; the only range Cloud NAT serves."
  default     = "10.10.1.0/24"
}

variable "overlay_cidr" {
  type        = string
  description = "Layer-2 overlay (VXLAN) range the sandbox hosts talk and attack on; hosts start at .2, like the local sandbox."
  default     = "10.77.0.0/24"
}

variable "vxlan_vni" {
  type        = number
  description = "VXLAN network identifier of the overlay."
  default     = 77

  validation {
    condition     = var.vxlan_vni >= 1 && var.vxlan_vni <= 16777215
    error_message = "vxlan_vni must be between 1 and 16777215."
  }
}

variable "network_mtu" {
  type        = number
  description = "MTU of the VPC; the overlay's MTU is 50 bytes less (VXLAN over IPv4)."
  default     = 1460
}

variable "sandbox_machine_type" {
  type        = string
  description = "Machine type of each sandbox VM."
  default     = "e2-small"
}

variable "stack_machine_type" {
  type        = string
  description = "Machine type of the stack VM (Kafka, ksqlDB, Connect, Neo4j, model server, UI in Docker Compose)."
  default     = "e2-standard-4"
}

variable "collector_machine_type" {
  type        = string
  description = "Machine type of the packet mirroring collector VM (capture = \"mirroring\" only)."
  default     = "e2-medium"
}

variable "image" {
  type        = string
  description = "Boot image of every VM (a Debian 12 image: the startup scripts use apt and systemd)."
  default     = "debian-cloud/debian-12"
}

variable "disk_size_gb" {
  type        = number
  description = "Boot disk size of a sandbox or collector VM, in GB."
  default     = 20
}

variable "stack_disk_size_gb" {
  type        = number
  description = "Boot disk size of the stack VM, in GB (images and Kafka, Neo4j data)."
  default     = 50
}

variable "capture" {
  type        = string
  description = "Capture source: \"agent\" (tshark on every sandbox VM's overlay interface) or \"mirroring\" (Packet Mirroring of the sandbox subnet to a collector VM behind an internal load balancer)."
  default     = "agent"

  validation {
    condition     = contains(["agent", "mirroring"], var.capture)
    error_message = "capture must be \"agent\" or \"mirroring\"."
  }
}

variable "capture_topic" {
  type        = string
  description = "Kafka topic the capture writes packet records to."
  default     = "network-traffic"
}

variable "capture_fields" {
  type        = list(string)
  description = "tshark fields of every packet record (ziem passes the capture agent's list, cli/sandbox/capture-fields.ts)."

  validation {
    condition     = length(var.capture_fields) > 0 && alltrue([for f in var.capture_fields : can(regex("^[a-z0-9_.]+$", f))])
    error_message = "capture_fields must be a non-empty list of tshark field names such as ip.src."
  }
}

variable "platform_ports" {
  type        = list(number)
  description = "TCP ports of the platform itself (Kafka, Connect, Neo4j, ksqlDB, model server, UI); the capture filter excludes them."
  default     = [7474, 7687, 8080, 8083, 8088, 8501, 9092, 9093]
}

variable "capture_snaplen" {
  type        = number
  description = "Bytes captured per packet (headers are enough for the capture fields)."
  default     = 128
}

variable "capture_buffer_mb" {
  type        = number
  description = "Kernel capture buffer of dumpcap, in MiB."
  default     = 16
}

variable "capture_linger_ms" {
  type        = number
  description = "kcat's linger.ms: how long a record may wait to be batched."
  default     = 50
}

variable "stack_ports" {
  type = object({
    kafka      = number
    ksql       = number
    connect    = number
    neo4j_bolt = number
    neo4j_http = number
    model      = number
    ui         = number
  })
  description = "Ports the stack VM's services listen on (the compose file's); outputs and firewall rules use them."
  default = {
    kafka      = 9092
    ksql       = 8088
    connect    = 8083
    neo4j_bolt = 7687
    neo4j_http = 7474
    model      = 8501
    ui         = 8080
  }
}

variable "apt_proxy_port" {
  type        = number
  description = "Port of the package proxy (apt-cacher-ng) on the stack VM: sandbox VMs install packages only through it."
  default     = 3142
}

variable "stack_bundle_path" {
  type        = string
  description = "Local path of the stack VM's gzip tarball (made by ziem: compose/, dist/, the npm manifests, the UDF jar); uploaded to the sandbox's bucket, which the stack VM reads at boot."
}

variable "stack_bundle_sha256" {
  type        = string
  description = "SHA-256 of the stack bundle: names its object, so a changed bundle is a new object and a new boot of the stack."

  validation {
    condition     = can(regex("^[0-9a-f]{64}$", var.stack_bundle_sha256))
    error_message = "stack_bundle_sha256 must be 64 lowercase hex digits."
  }
}

variable "enable_nat" {
  type        = bool
  description = "Cloud NAT for the platform subnet (the stack VM pulls images and packages; sandbox VMs never use it)."
  default     = true
}

variable "labels" {
  type        = map(string)
  description = "Extra labels put on every resource that takes labels, beside ziem's own (ziem-sandbox, managed-by)."
  default     = {}
}
