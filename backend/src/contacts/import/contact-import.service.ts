import { type CsvDelimiter, detectDelimiter, headerNames, normalizeTags } from '@convis/contracts';
import {
  HttpException,
  HttpStatus,
  Inject,
  Injectable,
  Logger,
  NotFoundException,
} from '@nestjs/common';
import { type FastifyRequest } from 'fastify';
import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { AccountsService } from '../../accounts/accounts.service.js';
import { type AuthenticatedUser } from '../../auth/authenticated-user.js';
import { ValidationException } from '../../common/errors/validation.exception.js';
import { brokenUpload } from '../../common/csv/csv-upload.js';
import { type AppConfig } from '../../config/app-config.js';
import { APP_CONFIG } from '../../config/config.module.js';
import {
  type ImportBatchResult,
  type ImportedContact,
  ContactsRepository,
} from '../contacts.repository.js';
import {
  type ContactImportDto,
  type ContactImportReportDto,
  type ContactImportResultDto,
  type ImportContactsDto,
} from '../dto/contact-import.dto.js';
import { guessColumn, readCsv, readHead } from '../../common/csv/csv-reading.js';
import { checkedRows, type ImportMapping, ImportReport, mappingProblem } from './import-check.js';

/** The largest file taken: 100,000 rows of a dozen columns fit well within it. */
export const MAX_IMPORT_BYTES = 50 * 1024 * 1024;
/** How long an upload waits for its import before it is deleted. */
const UPLOAD_TTL_MS = 60 * 60 * 1000;
/** Rows written per statement (and per transaction). */
const BATCH_SIZE = 1000;
const SAMPLE_ROWS = 5;

interface StoredUpload {
  readonly id: string;
  readonly organizationId: string;
  readonly filename: string;
  readonly delimiter: CsvDelimiter;
  readonly columns: string[];
  readonly createdAt: string;
}

/**
 * CSV imports in two steps, so nothing is written before the user saw the report: the upload is
 * kept as a file under the data folder (per organization, removed after an hour or once
 * imported) and read as a stream on each pass, so a file of 100,000 rows takes the memory of one
 * batch plus the set of numbers seen (for duplicates).
 */
@Injectable()
export class ContactImportService {
  private readonly logger = new Logger(ContactImportService.name);
  private readonly root: string;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly accounts: AccountsService,
    private readonly contacts: ContactsRepository,
  ) {
    this.root = join(config.dataDir, 'imports');
  }

  /** Stores the uploaded file and reads its header, a sample and its row count. */
  async upload(caller: AuthenticatedUser, request: FastifyRequest): Promise<ContactImportDto> {
    if (!request.isMultipart())
      throw new ValidationException([
        { field: 'file', messages: ['Send multipart/form-data with the CSV file as file'] },
      ]);
    await this.sweep();
    const id = randomUUID();
    const folder = join(this.root, caller.organizationId);
    await mkdir(folder, { recursive: true });
    const path = join(folder, `${id}.csv`);
    let filename: string | undefined;
    try {
      for await (const part of request.parts({
        limits: { fileSize: MAX_IMPORT_BYTES, files: 1, fields: 5 },
      })) {
        if (part.type !== 'file' || part.fieldname !== 'file') continue;
        await pipeline(part.file, createWriteStream(path));
        if (part.file.truncated)
          throw new HttpException(
            `The file is larger than ${MAX_IMPORT_BYTES / 1024 / 1024} MB.`,
            HttpStatus.PAYLOAD_TOO_LARGE,
          );
        filename = (part.filename || 'contacts.csv').split(/[\\/]/).pop()!.slice(0, 200);
      }
      if (filename === undefined)
        throw new ValidationException([{ field: 'file', messages: ['file is required'] }]);
      const analysis = await this.analyze(path);
      if (analysis.columns.length === 0)
        throw new ValidationException([{ field: 'file', messages: ['The file is empty'] }]);
      const stored: StoredUpload = {
        id,
        organizationId: caller.organizationId,
        filename,
        delimiter: analysis.delimiter,
        columns: analysis.columns,
        createdAt: new Date().toISOString(),
      };
      await writeFile(join(folder, `${id}.json`), JSON.stringify(stored));
      return {
        id,
        filename,
        delimiter: analysis.delimiter,
        columns: analysis.columns,
        sample: analysis.sample,
        row_count: analysis.rowCount,
        suggested_phone_column: guessColumn(analysis.columns, 'phone'),
        suggested_name_column: guessColumn(analysis.columns, 'name'),
        suggested_tags_column: guessColumn(analysis.columns, 'tags'),
      };
    } catch (error) {
      await rm(path, { force: true });
      throw brokenUpload(error);
    }
  }

  /** The per-line report of an import with this mapping; nothing is written. */
  async check(
    caller: AuthenticatedUser,
    id: string,
    dto: ImportContactsDto,
  ): Promise<ContactImportReportDto> {
    const { upload, mapping, phoneNumberId } = await this.prepare(caller, id, dto);
    const report = new ImportReport();
    let existing = 0;
    let batch: string[] = [];
    const flush = async () => {
      const known = await this.contacts.existingWaIds(caller.organizationId, phoneNumberId, batch);
      existing += known.size;
      batch = [];
    };
    try {
      for await (const row of checkedRows(
        readCsv(this.pathOf(upload), upload.delimiter),
        upload.columns,
        mapping,
        report,
      )) {
        batch.push(row.waId);
        if (batch.length >= BATCH_SIZE) await flush();
      }
    } catch (error) {
      throw unreadable(error);
    }
    await flush();
    return toReport(id, report, existing);
  }

  /** Imports the file with this mapping, batch by batch; the upload is deleted afterwards. */
  async run(
    caller: AuthenticatedUser,
    id: string,
    dto: ImportContactsDto,
  ): Promise<ContactImportResultDto> {
    const { upload, mapping, account } = await this.prepare(caller, id, dto);
    const report = new ImportReport();
    const totals = { created: 0, updated: 0, skipped: 0, optedIn: 0, keptOptedOut: 0 };
    const options = {
      mode: dto.mode ?? 'create_only',
      tags: normalizeTags(dto.tags ?? []),
      optIn: dto.opt_in_source ?? null,
    } as const;
    const target = {
      organizationId: caller.organizationId,
      phoneNumberId: account.phoneNumberId,
      accountId: account.id,
    };
    let batch: ImportedContact[] = [];
    const flush = async () => {
      const written: ImportBatchResult = await this.contacts.transaction((tx) =>
        this.contacts.importBatch(target, batch, options, tx),
      );
      totals.created += written.created;
      totals.updated += written.updated;
      totals.skipped += written.skipped;
      totals.optedIn += written.optedIn;
      totals.keptOptedOut += written.keptOptedOut;
      batch = [];
    };
    try {
      for await (const row of checkedRows(
        readCsv(this.pathOf(upload), upload.delimiter),
        upload.columns,
        mapping,
        report,
      )) {
        batch.push(row);
        if (batch.length >= BATCH_SIZE) await flush();
      }
    } catch (error) {
      // Batches written so far stay: each was its own transaction, and a rerun updates them.
      throw unreadable(error);
    }
    await flush();
    await this.remove(upload);
    this.logger.log(
      { organization_id: caller.organizationId, import_id: id, ...totals },
      'Contacts imported',
    );
    return {
      ...toReport(id, report, totals.updated + totals.skipped),
      new_count: totals.created,
      created_count: totals.created,
      updated_count: totals.updated,
      skipped_count: totals.skipped,
      opted_in_count: totals.optedIn,
      kept_opted_out_count: totals.keptOptedOut,
    };
  }

  /** Deletes an upload that will not be imported. */
  async discard(caller: AuthenticatedUser, id: string): Promise<void> {
    await this.remove(await this.find(caller, id));
  }

  private async prepare(caller: AuthenticatedUser, id: string, dto: ImportContactsDto) {
    const upload = await this.find(caller, id);
    const mapping: ImportMapping = {
      phoneColumn: dto.phone_column,
      nameColumn: dto.name_column,
      tagsColumn: dto.tags_column,
      attributeColumns: dto.attribute_columns ?? {},
    };
    const problem = mappingProblem(mapping, upload.columns);
    if (problem) throw new ValidationException([{ field: 'mapping', messages: [problem] }]);
    const { account } = await this.accounts
      .secrets(caller.organizationId, dto.account_id)
      .catch((error: unknown) => {
        if (error instanceof NotFoundException)
          throw new ValidationException([
            { field: 'account_id', messages: ['No such WhatsApp account in your organization'] },
          ]);
        throw error;
      });
    return { upload, mapping, account, phoneNumberId: account.phoneNumberId };
  }

  private async find(caller: AuthenticatedUser, id: string): Promise<StoredUpload> {
    const folder = join(this.root, caller.organizationId);
    const text = await readFile(join(folder, `${id}.json`), 'utf8').catch(() => undefined);
    const upload = text ? (JSON.parse(text) as StoredUpload) : undefined;
    if (!upload || upload.organizationId !== caller.organizationId)
      throw new NotFoundException(
        'No such upload in your organization (uploads are kept for an hour): upload the file again.',
      );
    return upload;
  }

  private pathOf(upload: StoredUpload): string {
    return join(this.root, upload.organizationId, `${upload.id}.csv`);
  }

  private async remove(upload: StoredUpload): Promise<void> {
    const folder = join(this.root, upload.organizationId);
    await rm(join(folder, `${upload.id}.csv`), { force: true });
    await rm(join(folder, `${upload.id}.json`), { force: true });
  }

  private async analyze(
    path: string,
  ): Promise<{ delimiter: CsvDelimiter; columns: string[]; sample: string[][]; rowCount: number }> {
    const delimiter = detectDelimiter(await readHead(path));
    let columns: string[] = [];
    const sample: string[][] = [];
    let rowCount = -1;
    for await (const row of readCsv(path, delimiter)) {
      if (rowCount === -1) columns = headerNames(row.cells);
      else if (sample.length < SAMPLE_ROWS) sample.push([...row.cells]);
      rowCount++;
    }
    return { delimiter, columns, sample, rowCount: Math.max(rowCount, 0) };
  }

  /** Removes uploads older than an hour (of every organization). */
  private async sweep(): Promise<void> {
    const cutoff = Date.now() - UPLOAD_TTL_MS;
    const folders = await readdir(this.root).catch(() => [] as string[]);
    for (const folder of folders) {
      const files = await readdir(join(this.root, folder)).catch(() => [] as string[]);
      for (const file of files) {
        const path = join(this.root, folder, file);
        const info = await stat(path).catch(() => undefined);
        if (info && info.mtimeMs < cutoff) await rm(path, { force: true });
      }
    }
  }
}

function toReport(id: string, report: ImportReport, existing: number): ContactImportReportDto {
  return {
    import_id: id,
    row_count: report.rows,
    valid_count: report.valid,
    invalid_count: report.invalid,
    duplicate_count: report.duplicates,
    new_count: report.valid - existing,
    existing_count: existing,
    problems: report.problems.map((p) => ({ line: p.line, reason: p.reason })),
  };
}

/** csv-parse's refusal of the file (a record too large, …) as a 400 on `file`. */
function unreadable(error: unknown): unknown {
  const code = (error as { code?: unknown }).code;
  if (typeof code !== 'string' || !code.startsWith('CSV_')) return error;
  return new ValidationException([
    { field: 'file', messages: [`The file cannot be read as CSV: ${(error as Error).message}`] },
  ]);
}

/** Our refusals as they are; the parser's size limit as 413; anything else about the body, 400. */
