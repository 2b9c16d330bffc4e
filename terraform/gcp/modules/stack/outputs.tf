output "instance" {
  description = "Name of the stack VM."
  value       = google_compute_instance.stack.name
}

output "zone" {
  description = "Zone of the stack VM."
  value       = google_compute_instance.stack.zone
}

output "internal_ip" {
  description = "Static internal IP of the stack VM."
  value       = google_compute_address.stack.address
}
