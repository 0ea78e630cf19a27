import { DEFAULT_LANGUAGE, ENGLISH, roomSpeech, type Speech } from '../../core/i18n/index.js';
import type { StoreReads } from '../../core/ports/store.port.js';

/** The words Plenary speaks in one Matrix room (its own notices, refusals it posts there): resolved per room id. */
export type RoomWords = (roomId: string) => Promise<Speech>;

/**
 * A Matrix room's words: its assembly's language where the room is an
 * assembly, else the deployment default (PLENARY_DEFAULT_LANGUAGE, as the
 * greeting), else English; English too when the store cannot say, so a
 * notice about a failure never fails itself. Matrix clients send no locale.
 */
export function matrixRoomWords(reads: () => StoreReads | null, defaultLanguage: string = DEFAULT_LANGUAGE): RoomWords {
  return async (roomId) => {
    try {
      const store = reads();
      const binding = store ? await store.bindingByRoom('matrix', roomId) : null;
      const policy = binding && store ? (await store.assembly(binding.assemblyId))?.policy : undefined;
      return roomSpeech({ ...policy, language: policy?.language ?? defaultLanguage });
    } catch {
      return ENGLISH;
    }
  };
}
