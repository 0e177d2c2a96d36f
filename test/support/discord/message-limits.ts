import type { ViolationError } from './types.js';

type Obj = Record<string, unknown>;

const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const obj = (v: unknown): Obj => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : {});

/** Discord's documented message limits that the OpenAPI schemas do not (all) express. */
export const MESSAGE_LIMITS = {
  content: 2000,
  embeds: 10,
  embedTotal: 6000,
  title: 256,
  description: 4096,
  fields: 25,
  fieldName: 256,
  fieldValue: 1024,
  footer: 2048,
  author: 256,
  actionRows: 5,
  buttonsPerRow: 5,
  customId: 100,
  buttonLabel: 80,
  attachments: 10,
} as const;

const IS_COMPONENTS_V2 = 1 << 15;

function checkEmbeds(body: Obj, out: ViolationError[]): void {
  const embeds = arr(body.embeds);
  if (embeds.length > MESSAGE_LIMITS.embeds)
    out.push({ path: 'embeds', message: `more than ${MESSAGE_LIMITS.embeds} embeds` });
  let total = 0;
  embeds.forEach((raw, i) => {
    const e = obj(raw);
    const at = `embeds[${i}]`;
    const limit = (path: string, value: string, max: number) => {
      total += value.length;
      if (value.length > max)
        out.push({ path: `${at}.${path}`, message: `${value.length} chars; must be ${max} or fewer` });
    };
    limit('title', str(e.title), MESSAGE_LIMITS.title);
    limit('description', str(e.description), MESSAGE_LIMITS.description);
    limit('footer.text', str(obj(e.footer).text), MESSAGE_LIMITS.footer);
    limit('author.name', str(obj(e.author).name), MESSAGE_LIMITS.author);
    const fields = arr(e.fields);
    if (fields.length > MESSAGE_LIMITS.fields)
      out.push({ path: `${at}.fields`, message: `${fields.length} fields; max ${MESSAGE_LIMITS.fields}` });
    fields.forEach((f, j) => {
      limit(`fields[${j}].name`, str(obj(f).name), MESSAGE_LIMITS.fieldName);
      limit(`fields[${j}].value`, str(obj(f).value), MESSAGE_LIMITS.fieldValue);
      if (str(obj(f).name).length === 0)
        out.push({ path: `${at}.fields[${j}].name`, message: 'must not be empty' });
      if (str(obj(f).value).length === 0)
        out.push({ path: `${at}.fields[${j}].value`, message: 'must not be empty' });
    });
  });
  if (total > MESSAGE_LIMITS.embedTotal) {
    out.push({
      path: 'embeds',
      message: `embeds total ${total} chars; must be ${MESSAGE_LIMITS.embedTotal} or fewer`,
    });
  }
}

function checkComponents(body: Obj, out: ViolationError[]): void {
  const rows = arr(body.components);
  const v2 = (Number(body.flags ?? 0) & IS_COMPONENTS_V2) !== 0;
  if (!v2 && rows.length > MESSAGE_LIMITS.actionRows) {
    out.push({ path: 'components', message: `${rows.length} action rows; max ${MESSAGE_LIMITS.actionRows}` });
  }
  if (v2 && (str(body.content) || arr(body.embeds).length > 0)) {
    out.push({ path: 'content', message: 'content and embeds are not allowed with IS_COMPONENTS_V2' });
  }
  const ids = new Set<string>();
  const walk = (c: unknown, at: string) => {
    const comp = obj(c);
    const id = comp.custom_id;
    if (typeof id === 'string') {
      if (id.length < 1 || id.length > MESSAGE_LIMITS.customId)
        out.push({ path: `${at}.custom_id`, message: `custom_id length ${id.length}; must be 1–100` });
      if (ids.has(id)) out.push({ path: `${at}.custom_id`, message: `duplicate custom_id "${id}"` });
      ids.add(id);
    }
    if (comp.type === 2 && comp.style !== 5 && comp.style !== 6 && typeof id !== 'string') {
      out.push({ path: at, message: 'non-link button needs a custom_id' });
    }
    if (comp.type === 2 && comp.style === 5 && typeof comp.url !== 'string')
      out.push({ path: at, message: 'link button needs a url' });
    if (typeof comp.label === 'string' && comp.type === 2 && comp.label.length > MESSAGE_LIMITS.buttonLabel) {
      out.push({
        path: `${at}.label`,
        message: `label ${comp.label.length} chars; max ${MESSAGE_LIMITS.buttonLabel}`,
      });
    }
    const children = arr(comp.components);
    if (comp.type === 1 && children.length > MESSAGE_LIMITS.buttonsPerRow)
      out.push({ path: `${at}.components`, message: 'more than 5 components in a row' });
    children.forEach((child, i) => {
      walk(child, `${at}.components[${i}]`);
    });
    if (comp.accessory) walk(comp.accessory, `${at}.accessory`);
  };
  rows.forEach((row, i) => {
    walk(row, `components[${i}]`);
  });
}

/**
 * Checks a message-like body (create, edit, webhook execute, interaction response data) against the
 * limits Discord enforces: content, embeds, components, attachment count.
 */
export function checkMessageLimits(body: unknown, fileCount = 0): ViolationError[] {
  const b = obj(body);
  const out: ViolationError[] = [];
  const content = str(b.content);
  if (content.length > MESSAGE_LIMITS.content) {
    out.push({
      path: 'content',
      message: `${content.length} chars; must be ${MESSAGE_LIMITS.content} or fewer`,
      code: 'BASE_TYPE_MAX_LENGTH',
    });
  }
  checkEmbeds(b, out);
  checkComponents(b, out);
  const attachments = Math.max(arr(b.attachments).length, fileCount);
  if (attachments > MESSAGE_LIMITS.attachments) {
    out.push({
      path: 'attachments',
      message: `${attachments} attachments; max ${MESSAGE_LIMITS.attachments}`,
    });
  }
  return out;
}
