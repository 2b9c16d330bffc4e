output "collector" {
  description = "The collector VM: instance name, zone and internal IP."
  value = {
    instance    = google_compute_instance.collector.name
    zone        = google_compute_instance.collector.zone
    internal_ip = google_compute_address.collector.address
  }
}

output "forwarding_rule" {
  description = "Self link of the mirroring collector's internal forwarding rule."
  value       = google_compute_forwarding_rule.collector.self_link
}

output "packet_mirroring" {
  description = "ID of the packet mirroring policy."
  value       = google_compute_packet_mirroring.sandbox.id
}
