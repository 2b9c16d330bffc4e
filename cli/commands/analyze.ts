// `ziem analyze <capture>...`: wiring only; the work is in cli/analyze/analyze.ts.
import { InvalidArgumentError, type Command } from 'commander';
import type { ContextFactory } from '../program.js';
import { runAnalyze } from '../analyze/analyze.js';

function define(v: string, prev: Record<string, string>): Record<string, string> {
  const at = v.indexOf('=');
  if (at <= 0) throw new InvalidArgumentError(`expected name=value, got ${JSON.stringify(v)}`);
  return { ...prev, [v.slice(0, at)]: v.slice(at + 1) };
}

export function registerAnalyze(program: Command, getContext: ContextFactory): Command {
  return program
    .command('analyze')
    .description(
      'run the ksql/ pipeline on capture files in memory (no stack, no root): alerts, incidents and a summary per capture',
    )
    .argument('<capture...>', 'pcap or pcapng files, each analysed on its own')
    .option('--define <name=value>', 'a pipeline variable, as `ksql apply --define` (repeatable)', define, {})
    .option('--model <dir>', 'a trained model directory (model.json, metadata.json): adds the ANOMALY rule')
    .option(
      '--classifier <dir>',
      'a trained classifier (`model train --supervised`): ANOMALY alerts carry its class, CLASSIFIED_ATTACK alerts too',
    )
    .option('--assets <csv>', "an asset inventory (as `ziem assets import`): alerts carry the assets' names")
    .option('--intel <file>', 'known-bad addresses (as `ziem intel import`): KNOWN_BAD_HOST on first contact')
    .option(
      '--expect <labels>',
      'a labels file ("<capture> <KIND|none> [attacker] [victim]" per line): exit 1 on any difference',
    )
    .addHelpText(
      'after',
      '\nExamples:\n  $ ziem analyze day1.pcapng\n  $ ziem --json analyze scan.pcap --define portscan_min_ports=50\n  $ ziem analyze tests/fixtures/captures/*.pcap --expect tests/fixtures/captures/labels.txt\n  $ ziem analyze day1.pcapng --assets inventory.csv --intel blocklist.txt',
    )
    .action(
      async (
        captures: string[],
        o: {
          define: Record<string, string>;
          model?: string;
          classifier?: string;
          expect?: string;
          assets?: string;
          intel?: string;
        },
      ) => {
        await runAnalyze(getContext(), {
          captures,
          defines: o.define,
          ...(o.model !== undefined ? { model: o.model } : {}),
          ...(o.classifier !== undefined ? { classifier: o.classifier } : {}),
          ...(o.expect !== undefined ? { expect: o.expect } : {}),
          ...(o.assets !== undefined ? { assets: o.assets } : {}),
          ...(o.intel !== undefined ? { intel: o.intel } : {}),
        });
      },
    );
}
