import {
  backupArchive,
  BackupError,
  restoreArchive,
  settleRestoredArchive,
  type BackupResult,
  type RestoreResult,
} from '../../data/backup.sqlite.js';
import { findEngineOwner } from '../../indexer/engine.js';
import { checkOutputPath } from './output-path.js';

// Backup and restore as use cases: the file-level work (SQLite's online backup, checks, the
// atomic swap) is data/backup.service.ts; this adds what the archive as a whole requires.

export type BackupService = ReturnType<typeof createBackupService>;

export function createBackupService(paths: { databasePath: string; dataDir: string }) {
  return {
    /** A consistent copy, safe while the app serves and writes. */
    backup(file: string, options: { force?: boolean } = {}): Promise<BackupResult> {
      // Never onto the archive, its -wal/-shm/-journal, the engine's data or a link, whatever --force says.
      checkOutputPath(file, paths, { force: options.force === true });
      return backupArchive(paths.databasePath, file, options);
    },
    /** Replaces the archive with a backup; refused (nothing changed) while the app runs on it. */
    restore(file: string): RestoreResult {
      const owner = findEngineOwner(paths.dataDir);
      if (owner !== null) {
        throw new BackupError(
          `restore refused, nothing was changed: the app (process ${owner}) is running on ${paths.dataDir}; stop it first`,
        );
      }
      return restoreArchive(paths.databasePath, file);
    },
    /**
     * Called once the app has started on the archive: a restored archive has now proven itself,
     * so the archive it replaced (kept until now) and any copy a killed restore left are removed.
     */
    settleRestore(): { previous: string[]; leftovers: string[] } {
      return settleRestoredArchive(paths.databasePath);
    },
  };
}
