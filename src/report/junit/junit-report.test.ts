import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDir } from '../../../tests/support/temp-dir.ts';
import type { RunResults } from '../../contracts/results.ts';
import { FIXTURE_CALLS, KEY_HEADER, makeResults, resummarise } from '../../../tests/support/report-fixtures.ts';
import { renderJUnit, writeJUnitReport } from './junit-report.ts';
import { findAll, parseXml, textOf, type XmlElement } from '../../../tests/support/xml-document.ts';

function parse(results: RunResults) {
  const root = parseXml(renderJUnit(results));
  const suites = findAll(root, 'testsuite');
  expect(suites).toHaveLength(1);
  return { root, suite: suites[0]!, cases: findAll(root, 'testcase') };
}

const failureOf = (testCase: XmlElement) => findAll(testCase, 'failure')[0];
const caseNamed = (cases: XmlElement[], prefix: string) => {
  const found = cases.find((c) => c.attributes['name']?.startsWith(prefix));
  if (!found) throw new Error(`no testcase named ${prefix}…`);
  return found;
};

describe('renderJUnit', () => {
  it('keeps a matched call with a truncated column passing, and says what was cut in its system-out', () => {
    const base = makeResults();
    const calls = base.calls.map((c) =>
      c.id === FIXTURE_CALLS.matched && c.cdr.kind === 'matched'
        ? { ...c, cdr: { ...c.cdr, truncated: [{ field: 'long_note', header: 'X-Long', sent: 'x', stored: 'y', from: { characters: 1025, bytes: 1025 }, to: { characters: 1023, bytes: 1023 }, cause: 'the 1024-byte buffer' }] } }
        : c,
    );
    const { cases } = parse(resummarise({ ...base, calls }));
    const matched = caseNamed(cases, FIXTURE_CALLS.matched);
    expect(failureOf(matched)).toBeUndefined();
    expect(textOf(findAll(matched, 'system-out')[0]!)).toBe('long_note (X-Long) truncated from 1025 to 1023 bytes: the 1024-byte buffer');
  });

  it('is well-formed XML with one suite named after the scenario', () => {
    const { root, suite } = parse(makeResults());
    expect(root.name).toBe('testsuites');
    expect(suite.attributes['name']).toBe('callcheck smoke');
  });

  it('has one testcase per call and per unknown row, and counts the failures', () => {
    const { root, suite, cases } = parse(makeResults());
    expect(cases).toHaveLength(8);
    const failing = cases.filter((c) => failureOf(c) !== undefined);
    expect(failing).toHaveLength(6);
    for (const element of [root, suite]) {
      expect(element.attributes).toMatchObject({ tests: '8', failures: '6', errors: '0', time: '41.000' });
    }
  });

  it('names each call testcase <call id> <key value>, classname <scenario>.<agent>, time dial→end in s', () => {
    const { cases } = parse(makeResults());
    const matched = caseNamed(cases, FIXTURE_CALLS.matched);
    expect(matched.attributes).toMatchObject({ classname: 'smoke.agent-01', name: 'call-0001 CRM-1001', time: '2.314' });
    expect(failureOf(matched)).toBeUndefined();
  });

  it('puts a browser-matrix call under its build: classname <scenario>.<build>.<agent>', () => {
    const results = makeResults();
    const withBuild = { ...results, calls: results.calls.map((c) => ({ ...c, build: 'chromium-156' })) };
    const matched = caseNamed(parse(withBuild).cases, FIXTURE_CALLS.matched);
    expect(matched.attributes['classname']).toBe('smoke.chromium-156.agent-01');
  });

  it('types each failure with its verdict and explains it in the body', () => {
    const { cases } = parse(makeResults());
    const types = Object.fromEntries(cases.filter(failureOf).map((c) => [c.attributes['name']!.split(' ')[0], failureOf(c)!.attributes['type']]));
    expect(types).toEqual({
      [FIXTURE_CALLS.missing]: 'missing',
      [FIXTURE_CALLS.mismatched]: 'mismatched',
      [FIXTURE_CALLS.duplicate]: 'duplicate',
      [FIXTURE_CALLS.failed]: 'call-failed',
      [FIXTURE_CALLS.unexpectedRow]: 'unexpected-row',
      unknown: 'unknown-row',
    });
    const mismatch = textOf(failureOf(caseNamed(cases, FIXTURE_CALLS.mismatched))!);
    expect(mismatch).toContain('billsec: expected "2", received "5" (billsec is the measured talk time within 1 s)');
    expect(mismatch).toContain('crm_campaign: expected "spring-sale", received NULL');
    expect(textOf(failureOf(caseNamed(cases, FIXTURE_CALLS.missing))!)).toContain('no row with crm_id = CRM-1002');
    expect(textOf(failureOf(caseNamed(cases, FIXTURE_CALLS.failed))!)).toContain('no final response to INVITE within 15000 ms');
  });

  it('fails a call whose CDR matched but whose outcome is not the planned one', () => {
    const results = makeResults();
    const matched = results.calls.find((c) => c.id === FIXTURE_CALLS.matched)!;
    matched.outcome = 'busy';
    const { cases } = parse(resummarise(results));
    const failure = failureOf(caseNamed(cases, FIXTURE_CALLS.matched))!;
    expect(failure.attributes['type']).toBe('wrong-outcome');
    expect(failure.attributes['message']).toBe('call ended as busy; the number dialed asked for answer');
  });

  it('fails a call whose row was written without the key as key-not-stored, with the reason and the row', () => {
    const results = makeResults();
    const missing = results.calls.find((c) => c.id === FIXTURE_CALLS.missing)!;
    const row = results.unknownRows[0]!.row;
    missing.cdr = { kind: 'key-not-stored', row, reason: 'its row (calldate x) has crm_id empty: the dialplan did not copy it into CDR(crm_id)' };
    const { cases } = parse(resummarise(results));
    const failure = failureOf(caseNamed(cases, FIXTURE_CALLS.missing))!;
    expect(failure.attributes['type']).toBe('key-not-stored');
    expect(failure.attributes['message']).toContain('CDR row written without key');
    expect(textOf(failure)).toContain('the dialplan did not copy it into CDR(crm_id)');
    expect(textOf(failure)).toContain(`uniqueid=${row.uniqueid}`);
  });

  it('fails each unknown row as its own testcase', () => {
    const { cases } = parse(makeResults());
    const unknown = caseNamed(cases, 'unknown row');
    expect(unknown.attributes['name']).toBe('unknown row CRM-9999');
    expect(textOf(failureOf(unknown)!)).toContain('uniqueid=1795676400.99');
  });

  it('escapes quotes, markup, ampersands and control characters in header values, keeping emoji', () => {
    const results = makeResults();
    const value = `"quoted" <tag> & 'apos' 🎉 \u0001 end`;
    results.calls[1]!.headers[KEY_HEADER] = value;
    const xml = renderJUnit(results);
    expect(xml).not.toContain('\u0001');
    const { cases } = parse(results);
    expect(caseNamed(cases, FIXTURE_CALLS.missing).attributes['name']).toBe(`${FIXTURE_CALLS.missing} ${value.replace('\u0001', '\\u0001')}`);
    expect(failureOf(caseNamed(cases, FIXTURE_CALLS.missing))!.attributes['message']).toContain(`"quoted" <tag> & 'apos' 🎉`);
  });

  it('stays well-formed when a failure body contains "]]>" and newlines in a message', () => {
    const results = makeResults();
    const missing = results.calls.find((c) => c.id === FIXTURE_CALLS.missing)!;
    missing.cdr = { kind: 'missing', reason: 'a ]]> b\nsecond line\r\nthird' };
    const { cases } = parse(results);
    expect(failureOf(caseNamed(cases, FIXTURE_CALLS.missing))!.attributes['message']).toContain('a ]]> b\nsecond line\r\nthird');
  });

  it('passes a run whose calls all conform: no failure element at all', () => {
    const base = makeResults();
    const results = resummarise({ ...base, calls: base.calls.filter((c) => c.id === FIXTURE_CALLS.matched || c.id === FIXTURE_CALLS.notRecorded), unknownRows: [] });
    const { suite, cases } = parse(results);
    expect(suite.attributes).toMatchObject({ tests: '2', failures: '0' });
    expect(cases.filter(failureOf)).toHaveLength(0);
  });

  it('fails a run that placed no call instead of producing an empty green suite', () => {
    const base = makeResults();
    const results = resummarise({ ...base, calls: [], unknownRows: [] });
    results.summary.conforms = true; // even if the producer says so
    const { suite, cases } = parse(results);
    expect(suite.attributes).toMatchObject({ tests: '1', failures: '1' });
    expect(cases[0]!.attributes['name']).toBe('no calls placed');
    expect(failureOf(cases[0]!)!.attributes['type']).toBe('no-calls');
  });

  it('adds a failing testcase for an interrupted run', () => {
    const base = makeResults();
    const results = resummarise({ ...base, calls: base.calls.filter((c) => c.id === FIXTURE_CALLS.matched), unknownRows: [] });
    results.run.interrupted = true;
    const { suite, cases } = parse(results);
    expect(suite.attributes).toMatchObject({ tests: '2', failures: '1' });
    expect(failureOf(caseNamed(cases, 'run interrupted'))!.attributes['type']).toBe('interrupted');
  });

  it('is never green when the summary says the run does not conform', () => {
    const base = makeResults();
    const results = resummarise({ ...base, calls: base.calls.filter((c) => c.id === FIXTURE_CALLS.matched), unknownRows: [] });
    results.summary.conforms = false;
    const { suite } = parse(results);
    expect(suite.attributes['failures']).toBe('1');
  });
});

/** Every suite by name, and the testcases of each. */
function suitesOf(results: RunResults) {
  const root = parseXml(renderJUnit(results));
  const suites = findAll(root, 'testsuite');
  return { root, suites, named: (name: string) => {
    const suite = suites.find((s) => s.attributes['name'] === name);
    if (!suite) throw new Error(`no testsuite ${name}`);
    return { suite, cases: findAll(suite, 'testcase') };
  } };
}

/** The fixture with only its conforming calls: every call and CDR row conforms. */
function conformingCalls(results: RunResults): RunResults {
  return resummarise({ ...results, calls: results.calls.filter((c) => c.id === FIXTURE_CALLS.matched || c.id === FIXTURE_CALLS.notRecorded), unknownRows: [] });
}

describe('renderJUnit thresholds', () => {
  it('puts one testcase per threshold, in the order written, in a suite of their own', () => {
    const results = makeResults({ thresholds: 'failing' });
    const { suites, named } = suitesOf(results);
    expect(suites.map((s) => s.attributes['name'])).toEqual(['callcheck smoke', 'callcheck smoke thresholds']);
    const { suite, cases } = named('callcheck smoke thresholds');
    expect(cases.map((c) => c.attributes['name'])).toEqual(results.thresholds!.map((t) => `${t.key} ${t.expression}`));
    expect(cases.every((c) => c.attributes['classname'] === 'smoke.thresholds')).toBe(true);
    expect(suite.attributes).toMatchObject({ tests: '4', failures: '2', errors: '0' });
    expect(named('callcheck smoke').cases).toHaveLength(8);
  });

  it('fails each failed threshold with its threshold line as the message', () => {
    const results = makeResults({ thresholds: 'failing' });
    const { cases } = suitesOf(results).named('callcheck smoke thresholds');
    const failures = cases.map(failureOf);
    expect(failures.map((f) => f?.attributes['message'])).toEqual([
      undefined,
      '✗ dial_latency{phase:call_setup_time} p(95)<250: 444.6 ms over 4 calls',
      undefined,
      '✗ rtt{outcome:busy} p(95)<50: no data (0 calls with media stats), counts as failed',
    ]);
    expect(failures.map((f) => f?.attributes['type'])).toEqual([undefined, 'threshold', undefined, 'threshold-no-data']);
    expect(textOf(failures[1]!)).toContain('Observed p(95) = 444.6 ms over 4 calls; the threshold requires p(95) < 250.');
  });

  it('counts every suite in the root: calls and thresholds together', () => {
    const { root } = suitesOf(makeResults({ thresholds: 'failing' }));
    expect(root.attributes).toMatchObject({ tests: '12', failures: '8' });
  });

  it('has only the thresholds failing when every call conformed (exit 99)', () => {
    const { named, root } = suitesOf(conformingCalls(makeResults({ thresholds: 'failing' })));
    expect(named('callcheck smoke').suite.attributes).toMatchObject({ tests: '2', failures: '0' });
    expect(named('callcheck smoke thresholds').suite.attributes).toMatchObject({ tests: '4', failures: '2' });
    expect(root.attributes).toMatchObject({ tests: '6', failures: '2' });
  });

  it('is all green when the calls conform and every threshold passed', () => {
    const { root, named } = suitesOf(conformingCalls(makeResults({ thresholds: 'passing' })));
    expect(named('callcheck smoke thresholds').cases).toHaveLength(4);
    expect(root.attributes).toMatchObject({ tests: '6', failures: '0' });
  });

  it('says in the body and the suite properties when abortOnFail stopped the load', () => {
    const { named } = suitesOf(makeResults({ thresholds: 'aborted' }));
    const { suite, cases } = named('callcheck smoke thresholds');
    const property = findAll(suite, 'property').find((p) => p.attributes['name'] === 'callcheck.abortedByThreshold');
    expect(property?.attributes['value']).toBe('true');
    const body = textOf(failureOf(cases[1]!)!);
    expect(body).toContain('abortOnFail: yes.');
    expect(body).toContain('The load was stopped early by a threshold with abortOnFail');
  });

  it('is never green when the summary says thresholds failed although no result did', () => {
    const run = conformingCalls(makeResults({ thresholds: 'passing' }));
    const { named, root } = suitesOf({ ...run, summary: { ...run.summary, thresholdsPassed: false } });
    const { cases } = named('callcheck smoke thresholds');
    expect(failureOf(cases.at(-1)!)!.attributes['type']).toBe('thresholds-failed');
    expect(root.attributes['failures']).toBe('1');
  });

  it('escapes threshold keys and expressions', () => {
    const results = makeResults({ thresholds: 'failing' });
    results.thresholds![1]!.key = `<k> & "q"`;
    const { cases } = suitesOf(results).named('callcheck smoke thresholds');
    expect(cases[1]!.attributes['name']).toBe(`<k> & "q" p(95)<250`);
    expect(failureOf(cases[1]!)!.attributes['message']).toMatch(/^✗ <k> & "q" p\(95\)<250: /);
  });

  it('records a shard and the runs a merge came from as properties', () => {
    const results = makeResults();
    results.run.shard = { index: 1, count: 3 };
    results.run.mergedFrom = ['reports/a', 'reports/b'];
    const properties = Object.fromEntries(findAll(parse(results).suite, 'property').map((p) => [p.attributes['name'], p.attributes['value']]));
    expect(properties).toMatchObject({ 'callcheck.shard': '1/3', 'callcheck.mergedFrom': 'reports/a, reports/b' });
  });
});

describe('writeJUnitReport', () => {
  const dir = useTempDir('junit');

  it('writes junit.xml with the rendered content and returns its path', async () => {
    const results = makeResults();
    const path = await writeJUnitReport(results, dir());
    expect(path).toBe(join(dir(), 'junit.xml'));
    expect(await readFile(path, 'utf8')).toBe(renderJUnit(results));
  });
});
