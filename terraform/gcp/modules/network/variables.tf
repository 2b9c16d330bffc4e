variable "prefix" {
  type        = string
  description = "Name prefix of every resource (ziem-<sandbox name>)."
}

variable "region" {
  type        = string
  description = "Region of the subnets, the router and Cloud NAT."
}

variable "sandbox_subnet_cidr" {
  type        = string
  description = "Range of the sandbox subnet."
}

variable "platform_subnet_cidr" {
  type        = string
  description = "Range of the platform subnet (stack VM, collector)."
}

variable "network_mtu" {
  type        = number
  description = "MTU of the VPC."
}

variable "iap_range" {
  type        = string
  description = "IAP's TCP forwarding range, the only source allowed to reach SSH and the stack's ports."
}

variable "tags" {
  type = object({
    sandbox   = string
    stack     = string
    collector = string
  })
  description = "Network tags of the sandbox VMs, the stack VM and the collector, which the firewall rules target."
}

variable "stack_ip" {
  type        = string
  description = "Internal IP of the stack VM, the only host outside the sandbox that sandbox VMs may reach."
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
  description = "Ports of the stack VM's services."
}

variable "apt_proxy_port" {
  type        = number
  description = "Port of the stack VM's package proxy."
}

variable "mirroring" {
  type        = bool
  description = "Whether the packet mirroring collector's rules (mirrored traffic, health checks) are created."
}

variable "enable_nat" {
  type        = bool
  description = "Whether the platform subnet gets a Cloud Router and Cloud NAT."
}
