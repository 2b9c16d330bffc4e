#!/usr/bin/env node
// A stand-in for the docker CLI (and docker-compose v1) where no Docker engine can run: it answers
// the calls the compose target makes with the output formats the real tools print (recorded from
// Docker 27 / Compose v2.29 and docker-compose 1.29), keeps the project's containers in a JSON
// state file (FAKE_DOCKER_STATE) and appends every call to FAKE_DOCKER_LOG. FAKE_DOCKER_COMPOSE=v1
// makes `docker compose` unknown, as on a machine with only docker-compose v1.
import { appendFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { parse } from 'yaml';

const argv = process.argv.slice(2);
const asV1 = process.env.FAKE_DOCKER_AS === 'docker-compose';
const stateFile = process.env.FAKE_DOCKER_STATE;
const state = stateFile && existsSync(stateFile) ? JSON.parse(readFileSync(stateFile, 'utf8')) : { containers: [] };
const save = () => writeFileSync(stateFile, JSON.stringify(state));
appendFileSync(
  process.env.FAKE_DOCKER_LOG,
  JSON.stringify({ tool: asV1 ? 'docker-compose' : 'docker', argv, sshpass: process.env.SSHPASS !== undefined }) + '\n',
);

function fail(msg, code = 1) {
  process.stderr.write(msg + '\n');
  process.exit(code);
}

/** -p, -f, --profile, then the subcommand and its arguments */
function composeArgs(args) {
  const o = { profiles: [] };
  let i = 0;
  for (; i < args.length; i++) {
    if (args[i] === '-p') o.project = args[++i];
    else if (args[i] === '-f') o.file = args[++i];
    else if (args[i] === '--profile') o.profiles.push(args[++i]);
    else break;
  }
  return { ...o, cmd: args[i], rest: args.slice(i + 1) };
}

function inspectJson(c) {
  const health = c.health ?? 'healthy';
  return {
    Id: c.id,
    Created: '2024-11-12T09:30:01.123456789Z',
    Path: '/etc/confluent/docker/run',
    Args: [],
    State: {
      Status: 'running',
      Running: true,
      Paused: false,
      Restarting: false,
      OOMKilled: false,
      Dead: false,
      Pid: 4242,
      ExitCode: 0,
      Error: '',
      StartedAt: '2024-11-12T09:30:02.2345678Z',
      FinishedAt: '0001-01-01T00:00:00Z',
      Health: { Status: health, FailingStreak: 0, Log: [] },
    },
    Name: c.v1 ? `/${c.project}_${c.service}_1` : `/${c.project}-${c.service}-1`,
    RestartCount: 0,
    Config: {
      Hostname: c.service,
      Image: c.image,
      Labels: {
        'com.docker.compose.config-hash': 'c0ffee',
        'com.docker.compose.container-number': '1',
        'com.docker.compose.oneoff': 'False',
        'com.docker.compose.project': c.project,
        'com.docker.compose.project.config_files': c.file,
        'com.docker.compose.service': c.service,
        'com.docker.compose.version': c.v1 ? '1.29.2' : '2.29.7',
      },
    },
  };
}

function compose(args, v1) {
  const a = composeArgs(args);
  const mine = state.containers.filter((c) => c.project === a.project);
  const name = (c) => (v1 ? `${a.project}_${c.service}_1` : `${a.project}-${c.service}-1`);
  switch (a.cmd) {
    case 'version':
      return void process.stdout.write(
        v1
          ? 'docker-compose version 1.29.2, build unknown\ndocker-py version: 5.0.3\nCPython version: 3.11.2\nOpenSSL version: OpenSSL 3.0.15 3 Sep 2024\n'
          : 'Docker Compose version v2.29.7\n',
      );
    case 'up': {
      if (v1 && a.rest.includes('--wait')) fail('No such option: --wait', 1);
      const doc = parse(readFileSync(a.file, 'utf8'));
      const unhealthy = (process.env.FAKE_DOCKER_UNHEALTHY ?? '').split(',');
      for (const [service, s] of Object.entries(doc.services)) {
        if (s.profiles && !s.profiles.some((p) => a.profiles.includes(p))) continue;
        let c = mine.find((x) => x.service === service);
        if (!c) {
          c = { id: randomBytes(32).toString('hex'), project: a.project, service, image: s.image, file: a.file, v1 };
          state.containers.push(c);
          process.stderr.write(
            v1
              ? `Creating ${name(c)} ... \rCreating ${name(c)} ... done\n`
              : ` Container ${name(c)}  Creating\n Container ${name(c)}  Created\n`,
          );
        }
        c.health = unhealthy.includes(service) ? 'unhealthy' : 'healthy';
        if (!v1) process.stderr.write(` Container ${name(c)}  Starting\n Container ${name(c)}  Started\n`);
      }
      save();
      if (a.rest.includes('--wait')) {
        for (const c of state.containers.filter((x) => x.project === a.project)) {
          process.stderr.write(` Container ${name(c)}  Waiting\n`);
          if (c.health !== 'healthy') fail(`container ${name(c)} is unhealthy`, 1);
          process.stderr.write(` Container ${name(c)}  Healthy\n`);
        }
      }
      return;
    }
    case 'ps':
      return void process.stdout.write(mine.map((c) => `${c.id}\n`).join(''));
    case 'down':
      for (const c of mine)
        process.stderr.write(
          v1
            ? `Stopping ${name(c)} ... done\nRemoving ${name(c)} ... done\n`
            : ` Container ${name(c)}  Stopping\n Container ${name(c)}  Stopped\n Container ${name(c)}  Removing\n Container ${name(c)}  Removed\n`,
        );
      if (a.rest.includes('-v'))
        for (const v of ['kafka-data', 'neo4j-data'])
          process.stderr.write(v1 ? `Removing volume ${a.project}_${v}\n` : ` Volume ${a.project}_${v}  Removed\n`);
      state.containers = state.containers.filter((c) => c.project !== a.project);
      return save();
    case 'exec': {
      const rest = a.rest.filter((x, i, all) => x !== '-T' && x !== '-e' && all[i - 1] !== '-e');
      const [service] = rest;
      if (!mine.some((c) => c.service === service)) fail(`service "${service}" is not running`, 1);
      return void process.stdout.write(`ran on ${service}: ${rest.slice(1).join(' ')}\n`);
    }
    default:
      fail(`fake docker: compose ${a.cmd} is not recorded`, 125);
  }
}

if (asV1) compose(argv, true);
else if (argv[0] === 'compose') {
  if (process.env.FAKE_DOCKER_COMPOSE === 'v1')
    fail("docker: 'compose' is not a docker command.\nSee 'docker --help'", 1);
  compose(argv.slice(1), false);
} else if (argv[0] === 'inspect') {
  const out = argv.slice(1).map((id) => {
    const c = state.containers.find((x) => x.id === id);
    if (!c) fail(`Error: No such object: ${id}`, 1);
    return inspectJson(c);
  });
  process.stdout.write(JSON.stringify(out, null, 4) + '\n');
} else fail(`fake docker: ${argv[0]} is not recorded`, 125);
