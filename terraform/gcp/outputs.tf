# Every endpoint and host ziem needs after apply: `ziem deploy --target gcp` reads them with
# `terraform output -json`, opens IAP tunnels to the stack's ports and checks attack targets
# against the sandbox hosts.

output "sandbox_name" {
  description = "Name of this sandbox."
  value       = var.sandbox_name
}

output "project" {
  description = "Project the sandbox lives in."
  value       = var.project
}

output "zone" {
  description = "Zone of every VM."
  value       = var.zone
}

output "labels" {
  description = "Labels on every resource (find a forgotten sandbox with labels.ziem-sandbox)."
  value       = local.labels
}

output "network" {
  description = "VPC name and subnet self links."
  value = {
    name            = module.network.network_name
    sandbox_subnet  = module.network.sandbox_subnet_self_link
    platform_subnet = module.network.platform_subnet_self_link
    nat_enabled     = module.network.nat_enabled
  }
}

output "sandbox_hosts" {
  description = "Sandbox VMs by host name: role, instance, zone, VPC IP, overlay IP (the attack targets)."
  value       = module.sandbox.hosts
}

output "overlay_cidr" {
  description = "The overlay range the sandbox hosts talk on."
  value       = var.overlay_cidr
}

output "stack" {
  description = "The stack VM: instance, zone and internal IP."
  value = {
    instance    = module.stack.instance
    zone        = module.stack.zone
    internal_ip = module.stack.internal_ip
  }
}

output "endpoints" {
  description = "The stack's service ports (reached through IAP tunnels) and the in-VPC Kafka bootstrap."
  value = {
    kafka_bootstrap = local.kafka_bootstrap
    ports           = var.stack_ports
  }
}

output "capture" {
  description = "Capture mode, topic, and the collector VM when mirroring."
  value = {
    mode      = var.capture
    topic     = var.capture_topic
    collector = var.capture == "mirroring" ? module.mirroring[0].collector : null
  }
}
