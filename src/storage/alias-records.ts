/**
 * Aliases: names that point at published versions of a model, as MLflow's
 * registry aliases do (`champion` → version 3). They are kept in the
 * ledger of the model name's Durable Object (version-ledger.ts, which also
 * reads through them), so setting one, reading through one, publishing and
 * deleting are one sequence of strongly consistent steps: an alias only
 * ever points at a published version, and deleting the model deletes its
 * aliases with its versions. Here are the rules that change them, pure
 * functions of the ledger; model-versions.ts stores what they change.
 */
import {
  isPublished,
  resolve,
  type Alias,
  type Ledger,
  type Resolution,
} from "./version-ledger";

/** Most aliases one model may have, so its ledger and every cached range stay small. */
export const MAX_ALIASES = 100;

/** What an alias write did, and the model's published range and aliases after it. */
export type AliasChange = Resolution & {
  readonly outcome:
    "set" | "deleted" | "no_model" | "no_version" | "no_alias" | "full";
};

/**
 * Points `alias` at `version` (replacing where it pointed before), keeping
 * the aliases in name order; changes the ledger only when the outcome is
 * "set": the model and the version must be published, and a new alias
 * must find room under MAX_ALIASES.
 */
export function pointAlias(
  ledger: Ledger,
  alias: string,
  version: number,
): AliasChange {
  const aliases = ledger.aliases ?? [];
  const others = aliases.filter((entry) => entry.alias !== alias);
  const outcome =
    ledger.head === 0
      ? "no_model"
      : !isPublished(ledger, version)
        ? "no_version"
        : others.length >= MAX_ALIASES
          ? "full"
          : "set";
  if (outcome === "set") {
    ledger.aliases = [...others, { alias, version }].sort(byName);
  }
  return { outcome, ...resolve(ledger) };
}

/** Deletes `alias`; changes the ledger only when the outcome is "deleted". */
export function dropAlias(ledger: Ledger, alias: string): AliasChange {
  const aliases = ledger.aliases ?? [];
  const others = aliases.filter((entry) => entry.alias !== alias);
  const outcome =
    ledger.head === 0
      ? "no_model"
      : others.length === aliases.length
        ? "no_alias"
        : "deleted";
  if (outcome === "deleted") ledger.aliases = others;
  return { outcome, ...resolve(ledger) };
}

/** The names of the aliases that point at `version`, in name order. */
export function aliasesAt(
  aliases: readonly Alias[],
  version: number,
): string[] {
  return aliases
    .filter((entry) => entry.version === version)
    .map((entry) => entry.alias);
}

function byName(a: Alias, b: Alias): number {
  return a.alias < b.alias ? -1 : a.alias > b.alias ? 1 : 0;
}
