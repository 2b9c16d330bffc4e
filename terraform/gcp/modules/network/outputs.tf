output "network_self_link" {
  description = "Self link of the VPC."
  value       = google_compute_network.vpc.self_link
}

output "network_name" {
  description = "Name of the VPC."
  value       = google_compute_network.vpc.name
}

output "sandbox_subnet_self_link" {
  description = "Self link of the sandbox subnet."
  value       = google_compute_subnetwork.sandbox.self_link
}

output "platform_subnet_self_link" {
  description = "Self link of the platform subnet."
  value       = google_compute_subnetwork.platform.self_link
}

output "collector_health_port" {
  description = "TCP port the collector answers load balancer health checks on."
  value       = local.collector_health_port
}

output "nat_enabled" {
  description = "Whether Cloud NAT serves the platform subnet."
  value       = length(google_compute_router_nat.platform) > 0
}
