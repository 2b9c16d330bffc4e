variable "prefix" {
  type        = string
  description = "Name prefix of every resource (ziem-<sandbox name>)."
}

variable "region" {
  type        = string
  description = "Region of the reserved internal addresses."
}

variable "zone" {
  type        = string
  description = "Zone of the sandbox VMs."
}

variable "subnetwork" {
  type        = string
  description = "Self link of the sandbox subnet."
}

variable "hosts" {
  type = map(object({
    role        = string
    internal_ip = string
    overlay_ip  = string
  }))
  description = "Sandbox VMs by host name: role, static internal (VPC) IP and overlay IP."
}

variable "overlay_prefix" {
  type        = string
  description = "Prefix length of the overlay range, e.g. \"24\"."
}

variable "vxlan_vni" {
  type        = number
  description = "VXLAN network identifier of the overlay."
}

variable "overlay_mtu" {
  type        = number
  description = "MTU of each VM's VXLAN interface."
}

variable "machine_type" {
  type        = string
  description = "Machine type of each sandbox VM."
}

variable "image" {
  type        = string
  description = "Boot image of the sandbox VMs."
}

variable "disk_size_gb" {
  type        = number
  description = "Boot disk size in GB."
}

variable "network_tag" {
  type        = string
  description = "Network tag of the sandbox VMs, which the firewall rules (egress deny included) target."
}

variable "labels" {
  type        = map(string)
  description = "Labels of every resource."
}

variable "capture_metadata" {
  type        = map(string)
  description = "Metadata shared by every capture-running VM (topic, fields, filter, Kafka bootstrap, package proxy)."
}

variable "startup_script" {
  type        = string
  description = "The VM script (scripts/ziem-vm.sh): overlay, role services, capture agent."
}
