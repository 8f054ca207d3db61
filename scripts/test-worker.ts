// `npm run test:worker`: builds (or reuses) the worker's virtual environment exactly as the CLI
// does, then runs ruff and pytest for worker/ inside it. Exits non-zero when either fails.
import { spawn } from "node:child_process";
import path from "node:path";
import { createReporter } from "../src/cli/reporter.js";
import { configFromEnvironment } from "../src/core/config.js";
import { ensureWorkerEnvironment } from "../src/worker/ensureWorkerEnvironment.js";
import { workerPackageDir } from "../src/worker/workerPaths.js";

const config = configFromEnvironment();
const reporter = createReporter(process.stderr.isTTY && !config.ci ? "pretty" : "plain");
const environment = await ensureWorkerEnvironment({ config, events: reporter.sink });
reporter.close();
const packageDir = workerPackageDir();
console.error(
  `worker environment: ${environment.venvDir}${environment.created ? " (created)" : " (reused)"}`,
);

function run(args: string[]): Promise<number> {
  console.error(`$ python ${args.join(" ")}`);
  const child = spawn(environment.python, args, {
    cwd: packageDir,
    stdio: "inherit",
    env: {
      ...process.env,
      PYTHONPATH: environment.sourceDir,
      TOKENIZERS_PARALLELISM: "false",
      // As the CLI does (spawnWorkerProcess): spinning OpenMP threads crawl on shared cores.
      OMP_WAIT_POLICY: process.env.OMP_WAIT_POLICY ?? "PASSIVE",
      HF_HUB_OFFLINE: "1",
      TRANSFORMERS_VERBOSITY: "error",
    },
  });
  return new Promise((resolve) => {
    child.on("error", () => resolve(1));
    child.on("close", (code) => resolve(code ?? 1));
  });
}

const lint = await run(["-m", "ruff", "check", "src", "tests"]);
const format = await run(["-m", "ruff", "format", "--check", "src", "tests"]);
const tests = await run(["-m", "pytest", "-q", "-p", "no:cacheprovider", path.join(packageDir, "tests")]);
process.exit(lint || format || tests ? 1 : 0);
