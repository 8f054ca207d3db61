import { openStore } from "./src/store/openStore.js";
const store = openStore(process.argv[2]!);
for (const run of store.listRuns?.() ?? []) {
  const records = store.listRecords(run.id);
  console.log(`# run ${run.id} ${run.recipeName} ${records.length} records`);
  for (const r of records) {
    const vote = r.decisions.find((d) => d.check === "label-vote")?.details as { votes?: string[] } | undefined;
    console.log(`${r.status}\t${r.data?.label}\t${JSON.stringify(r.data?.text)}\t${vote?.votes?.join(",") ?? ""}\t${r.rejectReason ?? ""}`);
  }
}
store.close();
