/**
 * The operations on a model's versions and aliases (src/http/versions.ts,
 * src/http/aliases.ts), part of OPERATIONS (operations.ts).
 */
import {
  AliasNameError,
  BodyTooLargeError,
  LimitError,
  MalformedBodyError,
  ModelNameError,
  ModelNotFoundError,
  OptionError,
  UnauthorizedError,
  UnsupportedMediaTypeError,
  WritesDisabledError,
} from "../errors";
import { ALIAS_NAME } from "../input/schemas";
import { json, ok, operation, type Parameter } from "./operation";
import {
  IDEMPOTENCY_KEY,
  KEYED_ERRORS,
  NAME,
  READ_ERRORS,
  query,
} from "./parameters";

/** The path's alias name. */
const ALIAS: Parameter = {
  name: "alias",
  in: "path",
  required: true,
  schema: ALIAS_NAME,
};

const ALIAS_READ_ERRORS = [...READ_ERRORS, AliasNameError];
const ALIAS_WRITE_ERRORS = [
  ModelNameError,
  AliasNameError,
  OptionError,
  UnauthorizedError,
  WritesDisabledError,
  ModelNotFoundError,
  ...KEYED_ERRORS,
];

export const VERSION_OPERATIONS = {
  listVersions: operation({
    id: "listVersions",
    tag: "models",
    summary:
      "List a model's published versions, newest first, a page at a time",
    parameters: [NAME, query("limit"), query("cursor")],
    ok: ok("A page.", json("VersionList")),
    errors: READ_ERRORS,
  }),
  listAliases: operation({
    id: "listAliases",
    tag: "models",
    summary: "A model's aliases and the versions they point at",
    parameters: [NAME],
    ok: ok("The aliases, in name order.", json("AliasList")),
    errors: READ_ERRORS,
  }),
  getAlias: operation({
    id: "getAlias",
    tag: "models",
    summary: "The version an alias points at",
    parameters: [NAME, ALIAS],
    ok: ok("The alias.", json("Alias")),
    errors: ALIAS_READ_ERRORS,
  }),
  setAlias: operation({
    id: "setAlias",
    tag: "models",
    summary:
      "Point an alias at a version (serving: what reads without version get)",
    description:
      'JSON {"version": n}, a published version of the model (404 otherwise, and nothing changes). Setting serving to an older version is a rollback: every read without version= then gets it. At most 100 aliases a model (422). Training a new version moves no alias.',
    parameters: [NAME, ALIAS, IDEMPOTENCY_KEY],
    body: ["AliasBody"],
    ok: ok("The alias, as set.", json("Alias")),
    errors: [
      ...ALIAS_WRITE_ERRORS,
      MalformedBodyError,
      BodyTooLargeError,
      UnsupportedMediaTypeError,
      LimitError,
    ],
  }),
  deleteAlias: operation({
    id: "deleteAlias",
    tag: "models",
    summary: "Delete an alias (the version stays)",
    description:
      "Deleting serving makes reads without version= get the newest version again.",
    parameters: [NAME, ALIAS, IDEMPOTENCY_KEY],
    ok: { "204": { description: "Deleted." } },
    errors: ALIAS_WRITE_ERRORS,
  }),
};
