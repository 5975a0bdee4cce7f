/**
 * JSON Schemas of the answers about a model's versions and aliases, written
 * after the shapes src/http/versions.ts and src/http/aliases.ts answer
 * (src/storage/version-summaries.ts, src/reports/alias-json.ts);
 * tests/http/openapi.test.ts checks real answers against them.
 */
import type { JsonSchema } from "../input/json-schema";
import { ALIAS_NAME, MODEL_NAME, VERSION } from "../input/schemas";
import { fraction, strict } from "./schema-parts";

/** The names of the aliases that point at one version. */
export const ALIAS_NAMES = {
  type: "array",
  items: ALIAS_NAME,
  description:
    "The aliases that point at this version, in name order (MLflow's model version aliases).",
} as const satisfies JsonSchema;

/** One alias: `PUT` and `GET /v1/models/{name}/aliases/{alias}`. */
export const ALIAS = strict(
  { name: MODEL_NAME, alias: ALIAS_NAME, version: VERSION },
  [],
  "An alias and the version it points at.",
);

/** `GET /v1/models/{name}/aliases`. */
export const ALIAS_LIST = strict({
  name: MODEL_NAME,
  aliases: {
    type: "array",
    items: strict({ alias: ALIAS_NAME, version: VERSION }),
    description: "In name order.",
  },
});

/** A page of `GET /v1/models/{name}/versions`. */
export const VERSION_LIST = strict({
  name: MODEL_NAME,
  versions: {
    type: "array",
    description:
      "Published versions, newest first; a page may hold fewer than limit (versions stored before this listing are summarised from KV, 20 at most a page).",
    items: strict(
      {
        version: VERSION,
        createdAt: { type: "string", format: "date-time" },
        accuracy: { ...fraction, description: "Training-set accuracy." },
        threshold: {
          ...fraction,
          description: "Two classes only: label 1 when h >= threshold.",
        },
        aliases: ALIAS_NAMES,
      },
      ["threshold"],
    ),
  },
  cursor: {
    type: ["string", "null"],
    description: "The next page's cursor; null on the last page.",
  },
});
