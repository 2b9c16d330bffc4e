# The GCP sandbox: a VPC (network module), N sandbox VMs on a VXLAN overlay (sandbox module), the
# stack VM running the compose target's services (stack module) and, with capture = "mirroring",
# Packet Mirroring to a collector (mirroring module). Every address is computed here, before any VM
# exists, so each VM's metadata already holds its peers and no VM waits for another's creation.

locals {
  # IAP's TCP forwarding range: the only source of SSH and tunnel traffic
  iap_range = "35.235.240.0/20"

  prefix = "ziem-${var.sandbox_name}"

  labels = merge(var.labels, {
    "ziem-sandbox" = var.sandbox_name
    "managed-by"   = "ziem"
  })

  tags = {
    sandbox   = "${local.prefix}-sandbox"
    stack     = "${local.prefix}-stack"
    collector = "${local.prefix}-collector"
  }

  # host names as the local sandbox names them: a role once is its name, a repeated role is numbered
  host_names = [
    for i, role in var.hosts :
    length([for r in var.hosts : r if r == role]) > 1
    ? "${role}${length([for j, r in var.hosts : r if r == role && j <= i])}"
    : role
  ]

  overlay_prefix = split("/", var.overlay_cidr)[1]

  # sandbox VMs from .10 of their subnet (GCP keeps .0, .1 and the last two); overlay hosts from .2
  sandbox_hosts = {
    for i, name in local.host_names : name => {
      role        = var.hosts[i]
      internal_ip = cidrhost(var.sandbox_subnet_cidr, 10 + i)
      overlay_ip  = cidrhost(var.overlay_cidr, 2 + i)
    }
  }

  stack_ip     = cidrhost(var.platform_subnet_cidr, 10)
  collector_ip = cidrhost(var.platform_subnet_cidr, 11)

  kafka_bootstrap = "${local.stack_ip}:${var.stack_ports.kafka}"

  # the platform's own traffic never reaches the capture (capture contract, architecture.md)
  platform_filter = "not (${join(" or ", [for p in sort(distinct(var.platform_ports)) : "tcp port ${p}"])})"

  # shared by every VM that runs the capture agent or the role services
  capture_metadata = {
    "ziem-sandbox"           = var.sandbox_name
    "ziem-capture"           = var.capture
    "ziem-capture-topic"     = var.capture_topic
    "ziem-capture-fields"    = join(",", var.capture_fields)
    "ziem-capture-filter"    = local.platform_filter
    "ziem-capture-snaplen"   = tostring(var.capture_snaplen)
    "ziem-capture-buffer-mb" = tostring(var.capture_buffer_mb)
    "ziem-capture-linger-ms" = tostring(var.capture_linger_ms)
    "ziem-kafka-bootstrap"   = local.kafka_bootstrap
    "ziem-apt-proxy"         = "http://${local.stack_ip}:${var.apt_proxy_port}"
  }

  vm_script = file("${path.module}/scripts/ziem-vm.sh")
}

module "network" {
  source = "./modules/network"

  prefix               = local.prefix
  region               = var.region
  sandbox_subnet_cidr  = var.sandbox_subnet_cidr
  platform_subnet_cidr = var.platform_subnet_cidr
  network_mtu          = var.network_mtu
  iap_range            = local.iap_range
  tags                 = local.tags
  stack_ip             = local.stack_ip
  stack_ports          = var.stack_ports
  apt_proxy_port       = var.apt_proxy_port
  mirroring            = var.capture == "mirroring"
  enable_nat           = var.enable_nat
}

module "sandbox" {
  source = "./modules/sandbox"

  prefix           = local.prefix
  region           = var.region
  zone             = var.zone
  subnetwork       = module.network.sandbox_subnet_self_link
  hosts            = local.sandbox_hosts
  overlay_prefix   = local.overlay_prefix
  vxlan_vni        = var.vxlan_vni
  overlay_mtu      = var.network_mtu - 50
  machine_type     = var.sandbox_machine_type
  image            = var.image
  disk_size_gb     = var.disk_size_gb
  network_tag      = local.tags.sandbox
  labels           = local.labels
  capture_metadata = local.capture_metadata
  startup_script   = local.vm_script
}

module "stack" {
  source = "./modules/stack"

  prefix              = local.prefix
  region              = var.region
  zone                = var.zone
  subnetwork          = module.network.platform_subnet_self_link
  internal_ip         = local.stack_ip
  machine_type        = var.stack_machine_type
  image               = var.image
  disk_size_gb        = var.stack_disk_size_gb
  network_tag         = local.tags.stack
  labels              = local.labels
  project             = var.project
  stack_bundle_path   = var.stack_bundle_path
  stack_bundle_sha256 = var.stack_bundle_sha256
  apt_proxy_port      = var.apt_proxy_port
  sandbox_subnet_cidr = var.sandbox_subnet_cidr
  startup_script      = file("${path.module}/scripts/stack-vm.sh")
}

module "mirroring" {
  source = "./modules/mirroring"
  count  = var.capture == "mirroring" ? 1 : 0

  prefix              = local.prefix
  region              = var.region
  zone                = var.zone
  network             = module.network.network_self_link
  subnetwork          = module.network.platform_subnet_self_link
  mirrored_subnetwork = module.network.sandbox_subnet_self_link
  sandbox_subnet_cidr = var.sandbox_subnet_cidr
  internal_ip         = local.collector_ip
  machine_type        = var.collector_machine_type
  image               = var.image
  disk_size_gb        = var.disk_size_gb
  network_tag         = local.tags.collector
  labels              = local.labels
  capture_metadata    = local.capture_metadata
  startup_script      = local.vm_script
  health_port         = module.network.collector_health_port
}
