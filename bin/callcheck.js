#!/usr/bin/env node
// callcheck's command line. Node 24 runs the TypeScript sources directly (type stripping).
const [major] = process.versions.node.split('.').map(Number);
if (major < 24) {
  process.stderr.write(
    `callcheck: needs Node 24 or newer, this is ${process.version}\n` +
      '  what to do: run it through npm (npm start, npx callcheck), which uses the Node 24 that npm ci installs into node_modules\n',
  );
  process.exit(3);
}
// A reader that stops early (`callcheck compare … | head`) closes the pipe: what is left of stdout has
// nobody to read it, and the run itself must go on to its reports and exit code.
process.stdout.on('error', (error) => {
  if (error.code !== 'EPIPE') throw error;
});
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
// Leftover handles (a docker socket in keep-alive, a closing browser pipe) must not hold the exit.
setTimeout(() => process.exit(process.exitCode), 3000).unref();
