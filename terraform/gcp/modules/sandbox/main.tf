# The sandbox VMs: one instance template, one VM per host with a reserved static internal IP. Each
# VM's metadata carries its role, its overlay address and every peer's VPC address, all computed
# before creation, so the startup script builds the VXLAN overlay without waiting for any other VM.
# No VM has an external IP (no access_config) nor a service account: nothing on it holds Google
# credentials, and the firewall denies its egress beyond the sandbox and the stack VM.

locals {
  peers = join(",", sort([for h in values(var.hosts) : h.internal_ip]))

  common_metadata = merge(var.capture_metadata, {
    "enable-oslogin"         = "TRUE"
    "block-project-ssh-keys" = "TRUE"
    "startup-script"         = var.startup_script
    "ziem-peers"             = local.peers
    "ziem-vxlan-vni"         = tostring(var.vxlan_vni)
    "ziem-overlay-mtu"       = tostring(var.overlay_mtu)
  })
}

resource "google_compute_instance_template" "sandbox" {
  name_prefix  = "${var.prefix}-sandbox-"
  description  = "ziem sandbox VM"
  machine_type = var.machine_type
  tags         = [var.network_tag]
  labels       = var.labels
  metadata     = local.common_metadata

  disk {
    source_image = var.image
    boot         = true
    auto_delete  = true
    disk_size_gb = var.disk_size_gb
    disk_type    = "pd-balanced"
    labels       = var.labels
  }

  network_interface {
    subnetwork = var.subnetwork
  }

  shielded_instance_config {
    enable_secure_boot          = true
    enable_vtpm                 = true
    enable_integrity_monitoring = true
  }

  lifecycle {
    create_before_destroy = true
  }
}

resource "google_compute_address" "sandbox" {
  for_each     = var.hosts
  name         = "${var.prefix}-${each.key}"
  region       = var.region
  subnetwork   = var.subnetwork
  address_type = "INTERNAL"
  address      = each.value.internal_ip
  labels       = merge(var.labels, { "ziem-role" = each.value.role })
}

resource "google_compute_instance_from_template" "sandbox" {
  for_each                 = var.hosts
  name                     = "${var.prefix}-${each.key}"
  zone                     = var.zone
  source_instance_template = google_compute_instance_template.sandbox.self_link_unique
  labels                   = merge(var.labels, { "ziem-role" = each.value.role })

  # the whole map: an instance's metadata replaces its template's
  metadata = merge(local.common_metadata, {
    "ziem-host"       = each.key
    "ziem-role"       = each.value.role
    "ziem-overlay-ip" = "${each.value.overlay_ip}/${var.overlay_prefix}"
  })

  network_interface {
    subnetwork = var.subnetwork
    network_ip = google_compute_address.sandbox[each.key].address
  }
}
