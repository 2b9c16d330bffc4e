variable "prefix" {
  type        = string
  description = "Name prefix of every resource (ziem-<sandbox name>)."
}

variable "region" {
  type        = string
  description = "Region of the reserved internal address."
}

variable "zone" {
  type        = string
  description = "Zone of the stack VM."
}

variable "subnetwork" {
  type        = string
  description = "Self link of the platform subnet."
}

variable "internal_ip" {
  type        = string
  description = "Static internal IP of the stack VM (the Kafka bootstrap the sandbox VMs use)."
}

variable "machine_type" {
  type        = string
  description = "Machine type of the stack VM."
}

variable "image" {
  type        = string
  description = "Boot image of the stack VM."
}

variable "disk_size_gb" {
  type        = number
  description = "Boot disk size in GB."
}

variable "network_tag" {
  type        = string
  description = "Network tag of the stack VM."
}

variable "labels" {
  type        = map(string)
  description = "Labels of every resource."
}

variable "compose_bundle_base64" {
  type        = string
  description = "The compose/ directory as a base64 gzip tarball."
}

variable "apt_proxy_port" {
  type        = number
  description = "Port of the package proxy (apt-cacher-ng) the stack VM runs for the sandbox VMs."
}

variable "sandbox_subnet_cidr" {
  type        = string
  description = "Range allowed to use the package proxy."
}

variable "startup_script" {
  type        = string
  description = "The stack VM script (scripts/stack-vm.sh)."
}
