/**
 * customerio-doctor: with no arguments, the MCP stdio server; otherwise the
 * CLI (doctor, audit, trace, report, call, --help, --version; src/cli/main.ts).
 */

async function main(argv: string[]): Promise<void> {
  if (argv.length === 0) {
    // stdout belongs to the protocol: anything a dependency prints goes to stderr.
    console.log = console.error;
    console.info = console.error;
    console.debug = console.error;
    const { runStdioServer } = await import("./stdio.js");
    await runStdioServer();
  } else {
    const { runCli } = await import("./cli/main.js");
    process.exitCode = await runCli(argv);
  }
}

// Not a top-level await, so the bundle can be a script V8 caches; a failure
// still ends the process as an uncaught error would.
main(process.argv.slice(2)).catch((err: unknown) => {
  setImmediate(() => {
    throw err;
  });
});
