# Agentless capture (capture = "mirroring"): Packet Mirroring copies the sandbox subnet's packets
# to an internal TCP/UDP load balancer whose only backend is a collector VM. The collector runs the
# same VM script as the sandbox hosts with role "collector": it captures the mirrored VXLAN frames
# and sends the inner packets to Kafka. Ingress only, so a packet between two sandbox VMs is
# mirrored once (at its receiver), not twice.

resource "google_compute_address" "collector" {
  name         = "${var.prefix}-collector"
  region       = var.region
  subnetwork   = var.subnetwork
  address_type = "INTERNAL"
  address      = var.internal_ip
  labels       = merge(var.labels, { "ziem-role" = "collector" })
}

resource "google_compute_instance" "collector" {
  name         = "${var.prefix}-collector"
  zone         = var.zone
  machine_type = var.machine_type
  tags         = [var.network_tag]
  labels       = merge(var.labels, { "ziem-role" = "collector" })

  boot_disk {
    auto_delete = true
    initialize_params {
      image  = var.image
      size   = var.disk_size_gb
      type   = "pd-balanced"
      labels = var.labels
    }
  }

  network_interface {
    subnetwork = var.subnetwork
    network_ip = google_compute_address.collector.address
  }

  metadata = merge(var.capture_metadata, {
    "enable-oslogin"         = "TRUE"
    "block-project-ssh-keys" = "TRUE"
    "startup-script"         = var.startup_script
    "ziem-host"              = "collector"
    "ziem-role"              = "collector"
    "ziem-health-port"       = tostring(var.health_port)
  })

  shielded_instance_config {
    enable_secure_boot          = true
    enable_vtpm                 = true
    enable_integrity_monitoring = true
  }
}

resource "google_compute_instance_group" "collector" {
  name      = "${var.prefix}-collector"
  zone      = var.zone
  network   = var.network
  instances = [google_compute_instance.collector.self_link]
}

resource "google_compute_region_health_check" "collector" {
  name   = "${var.prefix}-collector"
  region = var.region

  tcp_health_check {
    port = var.health_port
  }
}

resource "google_compute_region_backend_service" "collector" {
  name                  = "${var.prefix}-collector"
  region                = var.region
  load_balancing_scheme = "INTERNAL"
  protocol              = "TCP"
  health_checks         = [google_compute_region_health_check.collector.id]

  backend {
    group          = google_compute_instance_group.collector.id
    balancing_mode = "CONNECTION"
  }
}

resource "google_compute_forwarding_rule" "collector" {
  name                   = "${var.prefix}-collector"
  region                 = var.region
  load_balancing_scheme  = "INTERNAL"
  backend_service        = google_compute_region_backend_service.collector.id
  ip_protocol            = "TCP"
  all_ports              = true
  network                = var.network
  subnetwork             = var.subnetwork
  is_mirroring_collector = true
  labels                 = var.labels
}

resource "google_compute_packet_mirroring" "sandbox" {
  name   = "${var.prefix}-mirroring"
  region = var.region

  network {
    url = var.network
  }

  collector_ilb {
    url = google_compute_forwarding_rule.collector.id
  }

  mirrored_resources {
    subnetworks {
      url = var.mirrored_subnetwork
    }
  }

  # the overlay's VXLAN frames as received by sandbox VMs: each packet once, no platform traffic
  filter {
    ip_protocols = ["udp"]
    cidr_ranges  = [var.sandbox_subnet_cidr]
    direction    = "INGRESS"
  }
}
