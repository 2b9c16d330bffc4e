variable "prefix" {
  type        = string
  description = "Name prefix of every resource (ziem-<sandbox name>)."
}

variable "region" {
  type        = string
  description = "Region of the load balancer and the mirroring policy."
}

variable "zone" {
  type        = string
  description = "Zone of the collector VM."
}

variable "network" {
  type        = string
  description = "Self link of the VPC."
}

variable "subnetwork" {
  type        = string
  description = "Self link of the platform subnet (collector and its load balancer)."
}

variable "mirrored_subnetwork" {
  type        = string
  description = "Self link of the sandbox subnet, whose traffic is mirrored."
}

variable "sandbox_subnet_cidr" {
  type        = string
  description = "Range of the sandbox subnet (the mirroring filter)."
}

variable "internal_ip" {
  type        = string
  description = "Static internal IP of the collector VM."
}

variable "machine_type" {
  type        = string
  description = "Machine type of the collector VM."
}

variable "image" {
  type        = string
  description = "Boot image of the collector VM."
}

variable "disk_size_gb" {
  type        = number
  description = "Boot disk size in GB."
}

variable "network_tag" {
  type        = string
  description = "Network tag of the collector VM."
}

variable "labels" {
  type        = map(string)
  description = "Labels of every resource."
}

variable "capture_metadata" {
  type        = map(string)
  description = "Metadata shared by every capture-running VM (topic, fields, filter, Kafka bootstrap)."
}

variable "startup_script" {
  type        = string
  description = "The VM script (scripts/ziem-vm.sh), run with role collector."
}

variable "health_port" {
  type        = number
  description = "TCP port the collector answers health checks on."
}
