import { CancelledError } from "../../core/errors/CancelledError.js";
import type { EventSink } from "../../core/events.js";
import type { GeneratorSettings } from "../../core/recipe/generatorSchema.js";
import type { GeneratedRecord } from "../../core/record.js";
import type { SlotRow, Store } from "../../store/Store.js";
import type { RenderImagesJobInput } from "../../worker/imageProtocol.js";
import { deriveSeed } from "../deriveSeed.js";
import { recordId } from "../recordId.js";

/** One image as the worker's `render-images` method returns it. */
export interface RenderedImage {
  id: string;
  png: string;
  sha256: string;
  dhash: string;
  seconds: number;
  cpuSeconds: number;
  /** The defect's mean contrast where it lies over the surface's spread (0 without a defect). */
  visibility: number;
  params: Record<string, unknown>;
}

/** Renders a batch of images (the worker's `render-images`). */
export type ImageRenderer = (
  job: RenderImagesJobInput,
) => Promise<{ images: RenderedImage[]; cancelled: boolean }>;

export interface GenerateImagesOptions {
  runId: string;
  round: number;
  store: Store;
  generator: GeneratorSettings;
  /** Real image files per class, drawn under the defects or cropped for theirs (`generator.real`). */
  backgrounds: Record<string, string[]>;
  render: ImageRenderer;
  /** Accepted images the run is after (for progress). */
  target: number;
  /** Tries per slot; a duplicate takes the next attempt with a new seed. */
  maxAttempts: number;
  /** Images per worker request [32]. */
  batchSize?: number;
  events: EventSink;
  signal?: AbortSignal;
}

export interface ImageGenerationStats {
  accepted: number;
  rejected: number;
  seconds: number;
  /** Seconds the worker spent drawing, summed over images. */
  renderSeconds: number;
  /** CPU seconds of the worker's drawing and of this process. */
  cpuSeconds: number;
}

/**
 * Fills the open image slots: each slot's attempt gets a seed derived from the generator's seed,
 * the slot and the attempt; the worker draws it from the class's parameter ranges; the record
 * (label, PNG, sha256, dHash, every sampled parameter and the seed) is stored with its
 * provenance before the next batch. An image whose bytes (sha256) or difference hash equal an
 * accepted one's is rejected as a duplicate, and one whose defect is fainter than
 * `generator.minVisibility` on a procedural surface as faint; either slot is tried again with
 * the next attempt.
 * Attempts continue from the slot's stored counter, so a rerun after a kill repeats nothing.
 */
export async function generateImages(
  open: SlotRow[],
  options: GenerateImagesOptions,
): Promise<ImageGenerationStats> {
  const started = Date.now();
  const stats: ImageGenerationStats = {
    accepted: 0,
    rejected: 0,
    seconds: 0,
    renderSeconds: 0,
    cpuSeconds: 0,
  };
  const cpuAtStart = process.cpuUsage();
  const { generator, store, runId } = options;
  const exact = new Set<string>();
  const perceptual = new Set<string>();
  for (const record of store.listRecords(runId, { status: "accepted" })) {
    exact.add(String(record.data?.sha256));
    perceptual.add(String(record.data?.dhash));
  }
  const batchSize = options.batchSize ?? 32;
  let pending = open.map((slot) => ({ slot, attempt: slot.attempts }));
  while (pending.length > 0) {
    const retry: typeof pending = [];
    for (let start = 0; start < pending.length; start += batchSize) {
      if (options.signal?.aborted) throw new CancelledError();
      const batch = pending.slice(start, start + batchSize);
      const items = batch.map(({ slot, attempt }) => {
        const label = slot.cell.label!;
        const spec = generator.classes[label]!;
        return {
          id: recordId(runId, slot.index, attempt),
          label,
          seed: deriveSeed(generator.seed, slot.index, attempt),
          surface: spec.surface ?? generator.surface,
          defect: spec.defect,
          surfaceParams: { ...generator.surfaceParams, ...spec.surfaceParams },
          defectParams: spec.params,
          realBackgroundShare: generator.real?.backgroundShare ?? 0,
          realCropShare: generator.real?.cropShare ?? 0,
          ...(generator.real?.cropSize === undefined ? {} : { cropSize: generator.real.cropSize }),
        };
      });
      const batchStarted = new Date().toISOString();
      const result = await options.render({ size: generator.size, items, backgrounds: options.backgrounds });
      if (result.cancelled || result.images.length < items.length) throw new CancelledError();
      for (const [index, image] of result.images.entries()) {
        const { slot, attempt } = batch[index]!;
        const item = items[index]!;
        // A defect fainter than `minVisibility` on a procedural surface shows no defect at all; over
        // a real image of its class, or pasted from one, the real defect is there anyway.
        const faint =
          item.defect !== "none" &&
          image.params.background === "procedural" &&
          image.params.crop === undefined &&
          image.visibility < generator.minVisibility;
        const reason = exact.has(image.sha256)
          ? "duplicate"
          : perceptual.has(image.dhash)
            ? "near-duplicate"
            : faint
              ? "faint-defect"
              : undefined;
        const record: GeneratedRecord = {
          id: item.id,
          status: reason === undefined ? "accepted" : "rejected",
          ...(reason === undefined ? {} : { reason }),
          data: {
            label: item.label,
            image: image.png,
            sha256: image.sha256,
            dhash: image.dhash,
            visibility: image.visibility,
            seed: item.seed,
            generator: image.params,
          },
          provenance: {
            runId,
            round: options.round,
            slotIndex: slot.index,
            attempt,
            cell: slot.cell,
            template: { id: "image-generator", version: "1" },
            messages: [],
            model: { provider: "procedural", id: `${item.surface}/${item.defect}` },
            sampling: { temperature: 0, topP: 1, topK: 0, maxTokens: 0, seed: item.seed },
            fewShot: [],
            strategy: `procedural:${item.defect}`,
            rawOutput: JSON.stringify(image.params),
            usage: { inputTokens: 0, outputTokens: 0 },
            timing: { startedAt: batchStarted, durationMs: Math.round(image.seconds * 1000) },
          },
          decisions:
            reason === undefined
              ? []
              : [
                  {
                    check: reason === "faint-defect" ? "defect-visibility" : "image-dedup",
                    decision: "reject",
                    reason:
                      reason === "faint-defect"
                        ? `defect visibility ${image.visibility.toFixed(2)} below ${generator.minVisibility}`
                        : `${reason} of an accepted image`,
                  },
                ],
        };
        store.putRecord(record);
        stats.renderSeconds += image.seconds;
        stats.cpuSeconds += image.cpuSeconds;
        if (reason === undefined) {
          exact.add(image.sha256);
          perceptual.add(image.dhash);
          stats.accepted += 1;
        } else {
          stats.rejected += 1;
          if (attempt + 1 < options.maxAttempts) retry.push({ slot, attempt: attempt + 1 });
          else store.setSlotStatus(runId, slot.index, "exhausted");
        }
        options.events({
          type: "record",
          runId,
          recordId: record.id,
          status: record.status,
          ...(reason === undefined ? {} : { reason }),
          outputTokens: 0,
          accepted: store.countRecords(runId).accepted,
          target: options.target,
        });
      }
    }
    pending = retry;
  }
  stats.seconds = (Date.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuAtStart);
  stats.cpuSeconds += (cpu.user + cpu.system) / 1e6;
  return stats;
}
