/** The JUnit document callcheck writes: suites of testcases, each passing or failing, and their XML. */

import type { RunResults } from '../../contracts/results.ts';
import { escapeXmlAttribute as attr, escapeXmlText as text } from './xml-escape.ts';

export interface Failure {
  message: string;
  type: string;
  body: string;
}

export interface TestCase {
  classname: string;
  name: string;
  seconds: number;
  failure?: Failure;
  /** Shown on a passing testcase: what conformed with a remark (a column truncated as the CDR backend truncates). */
  systemOut?: string;
}

export interface TestSuite {
  name: string;
  /** Seconds the suite took: the run's duration for the calls, 0 for thresholds evaluated at its end. */
  seconds: number;
  properties: [string, string][];
  cases: TestCase[];
}

export function counts(cases: readonly TestCase[], seconds: number): string {
  const failures = cases.filter((c) => c.failure !== undefined).length;
  return `tests="${cases.length}" failures="${failures}" errors="0" skipped="0" time="${formatSeconds(seconds)}"`;
}

export function renderSuite(suite: TestSuite, results: RunResults): string[] {
  return [
    `  <testsuite name="${attr(suite.name)}" ${counts(suite.cases, suite.seconds)} timestamp="${attr(results.run.startedAt)}" hostname="${attr(results.run.host)}">`,
    '    <properties>',
    ...suite.properties.map(([name, value]) => `      <property name="${attr(name)}" value="${attr(value)}"/>`),
    '    </properties>',
    ...suite.cases.map(renderTestCase),
    '  </testsuite>',
  ];
}

function renderTestCase(c: TestCase): string {
  const open = `    <testcase classname="${attr(c.classname)}" name="${attr(c.name)}" time="${formatSeconds(c.seconds)}"`;
  if (c.failure === undefined) return c.systemOut === undefined ? `${open}/>` : [`${open}>`, `      <system-out>${text(c.systemOut)}</system-out>`, '    </testcase>'].join('\n');
  const { message, type, body } = c.failure;
  return [
    `${open}>`,
    `      <failure message="${attr(message)}" type="${attr(type)}">${text(body)}</failure>`,
    '    </testcase>',
  ].join('\n');
}

function formatSeconds(seconds: number): string {
  return Number.isFinite(seconds) && seconds > 0 ? seconds.toFixed(3) : '0';
}
