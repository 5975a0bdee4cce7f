/**
 * A Durable Object per model name that numbers versions and moves the head.
 *
 * KV has no compare-and-swap, so two trainings of one name racing through KV
 * alone could pick the same version number, or move the head backwards. This
 * object is the one place a name's versions are decided: each call runs
 * inside `blockConcurrencyWhile`, one at a time, with its state in the
 * object's own transactional storage.
 */
import { DurableObject } from "cloudflare:workers";
import type { HeadMetadata } from "../domain/model-version";
import { headKey, versionPrefix } from "./keys";

export class ModelVersions extends DurableObject<Env> {
  /** The next unused version number of model `name`. */
  async allocate(name: string): Promise<number> {
    return this.ctx.blockConcurrencyWhile(async () => {
      let next = await this.ctx.storage.get<number>("next");
      if (next === undefined) {
        // First use (or first since a delete): continue after whatever the
        // head says, in case versions were written before this object.
        next = Number((await this.env.MODELS.get(headKey(name))) ?? 0) + 1;
      }
      await this.ctx.storage.put("next", next + 1);
      return next;
    });
  }

  /**
   * Points the head of `name` at `version`, whose key is fully written,
   * unless a newer version is already published: the head never goes back.
   */
  async publish(
    name: string,
    version: number,
    metadata: HeadMetadata,
  ): Promise<void> {
    await this.ctx.blockConcurrencyWhile(async () => {
      const published = (await this.ctx.storage.get<number>("published")) ?? 0;
      if (version <= published) return;
      await this.env.MODELS.put(headKey(name), String(version), { metadata });
      await this.ctx.storage.put("published", version);
    });
  }

  /**
   * Deletes the head, then every version of `name`. The numbering is kept:
   * a version number is never reused, so caches keyed by it stay correct.
   *
   * @returns false when the model had no head
   */
  async remove(name: string): Promise<boolean> {
    return this.ctx.blockConcurrencyWhile(async () => {
      const kv = this.env.MODELS;
      if ((await kv.get(headKey(name))) === null) return false;
      await kv.delete(headKey(name));
      let cursor: string | undefined;
      do {
        const page = await kv.list({ prefix: versionPrefix(name), cursor });
        await Promise.all(page.keys.map((key) => kv.delete(key.name)));
        cursor = page.list_complete ? undefined : page.cursor;
      } while (cursor !== undefined);
      return true;
    });
  }
}
