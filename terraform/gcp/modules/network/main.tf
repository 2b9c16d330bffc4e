# The sandbox's VPC: two custom subnets (sandbox VMs; platform VMs), Cloud NAT for the platform
# subnet only, and the firewall. Sandbox VMs get no route out: egress is denied except the VXLAN
# underlay to each other and Kafka / the package proxy on the stack VM, and their subnet is not
# in Cloud NAT's list, so attacks cannot leave the sandbox even if a rule were wrong.

locals {
  collector_health_port = 8008
  # Google's load balancer health check ranges
  health_check_ranges = ["35.191.0.0/16", "130.211.0.0/22"]
  stack_service_ports = [for p in values(var.stack_ports) : tostring(p)]
}

resource "google_compute_network" "vpc" {
  name                    = "${var.prefix}-vpc"
  auto_create_subnetworks = false
  routing_mode            = "REGIONAL"
  mtu                     = var.network_mtu
}

resource "google_compute_subnetwork" "sandbox" {
  name                     = "${var.prefix}-sandbox"
  region                   = var.region
  network                  = google_compute_network.vpc.id
  ip_cidr_range            = var.sandbox_subnet_cidr
  private_ip_google_access = false
}

resource "google_compute_subnetwork" "platform" {
  name                     = "${var.prefix}-platform"
  region                   = var.region
  network                  = google_compute_network.vpc.id
  ip_cidr_range            = var.platform_subnet_cidr
  private_ip_google_access = true
}

resource "google_compute_router" "nat" {
  count   = var.enable_nat ? 1 : 0
  name    = "${var.prefix}-router"
  region  = var.region
  network = google_compute_network.vpc.id
}

resource "google_compute_router_nat" "platform" {
  count                              = var.enable_nat ? 1 : 0
  name                               = "${var.prefix}-nat"
  region                             = var.region
  router                             = google_compute_router.nat[0].name
  nat_ip_allocate_option             = "AUTO_ONLY"
  source_subnetwork_ip_ranges_to_nat = "LIST_OF_SUBNETWORKS"

  # the platform subnet only: the sandbox subnet (attack hosts included) has no NAT mapping at all
  subnetwork {
    name                    = google_compute_subnetwork.platform.id
    source_ip_ranges_to_nat = ["ALL_IP_RANGES"]
  }

  log_config {
    enable = true
    filter = "ERRORS_ONLY"
  }
}

# --- ingress -------------------------------------------------------------------------------

resource "google_compute_firewall" "iap_ssh" {
  name          = "${var.prefix}-allow-iap-ssh"
  network       = google_compute_network.vpc.id
  direction     = "INGRESS"
  priority      = 1000
  source_ranges = [var.iap_range]
  target_tags   = [var.tags.sandbox, var.tags.stack, var.tags.collector]

  allow {
    protocol = "tcp"
    ports    = ["22"]
  }
}

# `ziem deploy` reaches ksqlDB, Connect, Neo4j, the model server and the UI through IAP tunnels
resource "google_compute_firewall" "iap_stack" {
  name          = "${var.prefix}-allow-iap-stack"
  network       = google_compute_network.vpc.id
  direction     = "INGRESS"
  priority      = 1000
  source_ranges = [var.iap_range]
  target_tags   = [var.tags.stack]

  allow {
    protocol = "tcp"
    ports    = local.stack_service_ports
  }
}

resource "google_compute_firewall" "vxlan" {
  name        = "${var.prefix}-allow-vxlan"
  network     = google_compute_network.vpc.id
  direction   = "INGRESS"
  priority    = 1000
  source_tags = [var.tags.sandbox]
  target_tags = [var.tags.sandbox]

  allow {
    protocol = "udp"
    ports    = ["4789"]
  }
}

resource "google_compute_firewall" "sandbox_to_stack" {
  name        = "${var.prefix}-allow-sandbox-kafka"
  network     = google_compute_network.vpc.id
  direction   = "INGRESS"
  priority    = 1000
  source_tags = [var.tags.sandbox, var.tags.collector]
  target_tags = [var.tags.stack]

  allow {
    protocol = "tcp"
    ports    = [tostring(var.stack_ports.kafka), tostring(var.apt_proxy_port)]
  }
}

# Packet Mirroring delivers the sandbox subnet's packets to the collector as they were sent; the
# policy mirrors only the overlay's VXLAN frames, so nothing else needs to get in
resource "google_compute_firewall" "mirrored_traffic" {
  count         = var.mirroring ? 1 : 0
  name          = "${var.prefix}-allow-mirrored"
  network       = google_compute_network.vpc.id
  direction     = "INGRESS"
  priority      = 1000
  source_ranges = [var.sandbox_subnet_cidr]
  target_tags   = [var.tags.collector]

  allow {
    protocol = "udp"
    ports    = ["4789"]
  }
}

resource "google_compute_firewall" "collector_health" {
  count         = var.mirroring ? 1 : 0
  name          = "${var.prefix}-allow-collector-health"
  network       = google_compute_network.vpc.id
  direction     = "INGRESS"
  priority      = 1000
  source_ranges = local.health_check_ranges
  target_tags   = [var.tags.collector]

  allow {
    protocol = "tcp"
    ports    = [tostring(local.collector_health_port)]
  }
}

# --- egress of the sandbox VMs -------------------------------------------------------------

resource "google_compute_firewall" "sandbox_egress_overlay" {
  name               = "${var.prefix}-sandbox-egress-overlay"
  network            = google_compute_network.vpc.id
  direction          = "EGRESS"
  priority           = 1000
  destination_ranges = [var.sandbox_subnet_cidr]
  target_tags        = [var.tags.sandbox]

  allow {
    protocol = "udp"
    ports    = ["4789"]
  }
}

resource "google_compute_firewall" "sandbox_egress_stack" {
  name               = "${var.prefix}-sandbox-egress-stack"
  network            = google_compute_network.vpc.id
  direction          = "EGRESS"
  priority           = 1000
  destination_ranges = ["${var.stack_ip}/32"]
  target_tags        = [var.tags.sandbox]

  allow {
    protocol = "tcp"
    ports    = [tostring(var.stack_ports.kafka), tostring(var.apt_proxy_port)]
  }
}

# below the two allows in precedence (a larger number), above GCP's implied allow-all egress
resource "google_compute_firewall" "sandbox_egress_deny" {
  name               = "${var.prefix}-sandbox-egress-deny"
  network            = google_compute_network.vpc.id
  direction          = "EGRESS"
  priority           = 2000
  destination_ranges = ["0.0.0.0/0"]
  target_tags        = [var.tags.sandbox]

  deny {
    protocol = "all"
  }

  # an attack that tries to leave the sandbox shows up in Cloud Logging
  log_config {
    metadata = "INCLUDE_ALL_METADATA"
  }
}
