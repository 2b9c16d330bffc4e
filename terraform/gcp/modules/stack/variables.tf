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

variable "project" {
  type        = string
  description = "Project ID: part of the bundle bucket's globally unique name."
}

variable "stack_bundle_path" {
  type        = string
  description = "Local path of the stack VM's gzip tarball (compose/, dist/, the npm manifests, the UDF jar)."
}

variable "stack_bundle_sha256" {
  type        = string
  description = "SHA-256 of the stack bundle, which names its object."
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
