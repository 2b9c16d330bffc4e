output "hosts" {
  description = "Sandbox VMs by host name: role, instance name, zone, VPC IP and overlay IP."
  value = {
    for name, h in var.hosts : name => {
      role        = h.role
      instance    = google_compute_instance_from_template.sandbox[name].name
      zone        = google_compute_instance_from_template.sandbox[name].zone
      internal_ip = google_compute_address.sandbox[name].address
      overlay_ip  = h.overlay_ip
    }
  }
}

output "instance_template" {
  description = "Self link of the sandbox instance template."
  value       = google_compute_instance_template.sandbox.self_link
}
