/**
 * The source of a warm start (`init: {model, version}`): a stored version
 * that the new training may start from.
 */
import { FeatureMismatchError, OptionError } from "../errors";
import {
  loadModel,
  type ModelVersion,
  type StoreBindings,
} from "../storage/model-store";

/**
 * The stored model a warm start names, once it is known to exist and to
 * have `cols` features.
 *
 * @throws OptionError when there is no such model or version, or its
 *   number of classes is not `classes`
 * @throws FeatureMismatchError when its feature count differs
 */
export async function warmStartSource(
  store: StoreBindings,
  init: { model: string; version?: number },
  cols: number,
  classes: number,
): Promise<ModelVersion> {
  const source = await loadModel(store, init.model, init.version);
  if (source === null) {
    throw new OptionError(
      init.version === undefined
        ? `init.model: no model named ${init.model}`
        : `init.model: model ${init.model} has no version ${init.version}`,
    );
  }
  if (source.features !== cols) {
    throw new FeatureMismatchError(
      `init.model: model ${source.name} has ${source.features} features, the data has ${cols}`,
    );
  }
  if ((source.classes ?? 2) !== classes) throw classesMismatch(source, classes);
  return source;
}

function classesMismatch(source: ModelVersion, classes: number): OptionError {
  return new OptionError(
    `init.model: model ${source.name} has ${source.classes ?? 2} classes, the data has ${classes}`,
  );
}
