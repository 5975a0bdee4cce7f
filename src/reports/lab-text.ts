/**
 * The training report as the lab prints it, line for line.
 *
 * The lab formats with Python's `'Epoch {:4d}/{} Cost: {:.6f} Accuracy {:2.2f}%'`
 * and `'The model has an accuracy of {:2.2f}% for the training set.'`. The
 * model's warnings follow the lab's lines, one a line, which leaves those
 * lines as the lab prints them.
 */
import type { ModelVersion } from "../domain/model-version";

/**
 * One lab line per logged epoch, then the training-set accuracy line, then
 * `Warning (code): message` for each of the model's warnings.
 */
export function labReportText(model: ModelVersion): string {
  const lines = model.history.map(
    (log) =>
      `Epoch ${String(log.epoch).padStart(4)}/${model.epochs} ` +
      `Cost: ${pythonFixed(log.cost, 6)} Accuracy ${percent(log.accuracy)}%`,
  );
  lines.push(
    `The model has an accuracy of ${percent(model.accuracy)}% for the training set.`,
  );
  for (const { code, message } of model.warnings) {
    lines.push(`Warning (${code}): ${message}`);
  }
  return lines.join("\n") + "\n";
}

/** A fraction as Python's `'{:2.2f}'.format(fraction * 100)` prints it. */
function percent(fraction: number): string {
  return pythonFixed(fraction * 100, 2).padStart(2);
}

/**
 * `x` with `digits` decimals as Python's `'{:.Nf}'` prints it. Both round the
 * exact binary value; they differ only on exact ties, where `toFixed` rounds
 * up and Python rounds half to even (12.125 -> "12.12", toFixed "12.13").
 */
function pythonFixed(x: number, digits: number): string {
  const rounded = x.toFixed(digits);
  const exact = Math.abs(x).toFixed(digits + 30);
  const tail = exact.slice(exact.length - 30);
  if (!/^50*$/.test(tail)) return rounded;
  const down =
    (x < 0 ? "-" : "") + exact.slice(0, exact.length - 30).replace(/\.$/, "");
  return Number(down.charAt(down.length - 1)) % 2 === 0 ? down : rounded;
}
