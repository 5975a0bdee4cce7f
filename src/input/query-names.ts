/**
 * The names of a request's query parameters, checked against the ones its
 * route takes: a parameter the route does not take is refused, not ignored,
 * so a misspelt `?verison=1` is not answered as if it were absent.
 */
import { OptionError } from "../errors";
import { describe } from "./numbers";

/**
 * Refuses the first of `names` that is not in `taken`, the query parameters
 * a route takes.
 *
 * @throws OptionError naming it and listing what the route takes
 */
export function checkQueryNames(
  names: readonly string[],
  taken: readonly string[],
): void {
  const unknown = names.find((name) => !taken.includes(name));
  if (unknown === undefined) return;
  const expected =
    taken.length === 0
      ? "this route takes none"
      : taken.length === 1
        ? `expected ${taken[0]}`
        : `expected one of ${taken.join(", ")}`;
  throw new OptionError(
    `unknown query parameter ${describe(unknown)}: ${expected}`,
  );
}
