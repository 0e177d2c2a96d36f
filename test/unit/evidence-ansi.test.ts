import { describe, expect, it } from 'vitest';
import { applySgr, lineText, parseAnsi } from '../../src/evidence/render/ansi.js';
import { rgbHex, xterm256 } from '../../src/evidence/render/ansi-colors.js';
import { lineToHtml } from '../../src/evidence/render/ansi-html.js';
import { escapeHtml } from '../../src/evidence/render/html.js';
import { formatShotTime, terminalHtml, terminalLayout } from '../../src/evidence/render/terminal.js';

describe('xterm256', () => {
  it('covers the 16 named colours, the 6x6x6 cube and the gray ramp', () => {
    expect(xterm256(1)).toBe('#cd3131');
    expect(xterm256(16)).toBe('#000000');
    expect(xterm256(196)).toBe('#ff0000');
    expect(xterm256(208)).toBe('#ff8700');
    expect(xterm256(231)).toBe('#ffffff');
    expect(xterm256(232)).toBe('#080808');
    expect(xterm256(255)).toBe('#eeeeee');
    expect(xterm256(256)).toBeUndefined();
    expect(rgbHex(300, -4, 15.6)).toBe('#ff0010');
  });
});

describe('applySgr', () => {
  it('sets and resets attributes and colours', () => {
    expect(applySgr({}, '1;31')).toEqual({ bold: true, fg: '#cd3131' });
    expect(applySgr({ bold: true, fg: '#cd3131' }, '0')).toEqual({});
    expect(applySgr({ bold: true }, '')).toEqual({});
    expect(applySgr({}, '38;5;208;48;2;1;2;3')).toEqual({ fg: '#ff8700', bg: '#010203' });
    expect(applySgr({}, '38:2:10:20:30')).toEqual({ fg: '#0a141e' });
    expect(applySgr({ fg: '#000000', bold: true }, '39;22')).toEqual({});
    expect(applySgr({}, '92;104;4;3;7')).toEqual({
      fg: '#23d18b',
      bg: '#3b8eea',
      underline: true,
      italic: true,
      inverse: true,
    });
  });
});

describe('parseAnsi', () => {
  it('splits lines into styled spans', () => {
    const lines = parseAnsi('a \x1b[32mgreen\x1b[0m b\n\x1b[1;38;2;255;0;0mred bold\x1b[m\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toEqual([
      { text: 'a ', style: {} },
      { text: 'green', style: { fg: '#0dbc79' } },
      { text: ' b', style: {} },
    ]);
    expect(lines[1]).toEqual([{ text: 'red bold', style: { bold: true, fg: '#ff0000' } }]);
  });

  it('keeps styles across line breaks', () => {
    const lines = parseAnsi('\x1b[33mone\ntwo\x1b[0m');
    expect(lines[1]).toEqual([{ text: 'two', style: { fg: '#e5e510' } }]);
  });

  it('drops other escapes and control characters, expands tabs, honours carriage returns', () => {
    const lines = parseAnsi('\x1b[2K\x1b]0;title\x07a\tb\x07\x00c\r\n10%\r50%\r100% done\nx\x1b(B');
    expect(lines.map(lineText)).toEqual(['a       bc', '100% done', 'x']);
  });

  it('keeps empty lines and tolerates a trailing escape', () => {
    expect(parseAnsi('a\n\nb').map(lineText)).toEqual(['a', '', 'b']);
    expect(parseAnsi('a\x1b[').map(lineText)).toEqual(['a']);
    expect(parseAnsi('\x1b7\x1b=a\x1b8').map(lineText)).toEqual(['a']);
  });
});

describe('HTML of terminal output', () => {
  it('escapes everything and wraps styled text in spans', () => {
    const [line] = parseAnsi('\x1b[31m<b>"x" & \'y\'</b>\x1b[0m <i>');
    expect(lineToHtml(line!)).toBe(
      '<span style="color:#cd3131">&lt;b&gt;&quot;x&quot; &amp; &#39;y&#39;&lt;/b&gt;</span> &lt;i&gt;',
    );
    expect(escapeHtml('<script>')).toBe('&lt;script&gt;');
  });

  it('swaps colours for inverse video', () => {
    const [line] = parseAnsi('\x1b[7mx');
    expect(lineToHtml(line!)).toBe('<span style="color:#1e1e1e;background:#d4d4d4">x</span>');
  });

  it('puts the command, the team and the time in the page, escaped', () => {
    const shot = {
      command: 'echo "<x>"',
      output: '<img src=x onerror=alert(1)>',
      team: 'kit <b>',
      time: new Date(0),
    };
    const html = terminalHtml(shot, terminalLayout(shot));
    expect(html).toContain('<span class="p">$</span> echo &quot;&lt;x&gt;&quot;');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).not.toContain('<img');
    expect(html).toContain('team kit &lt;b&gt;');
    expect(html).toContain('1970-01-01 00:00:00 UTC');
    expect(html).toContain("default-src 'none'");
  });
});

describe('terminalLayout', () => {
  it('is 80 columns wide at least, 200 at most, and cuts long outputs', () => {
    expect(terminalLayout({ command: 'ls', output: 'a' })).toMatchObject({
      columns: 80,
      width: 720,
      hiddenLines: 0,
    });
    expect(terminalLayout({ command: 'ls', output: 'x'.repeat(120) })).toMatchObject({
      columns: 120,
      width: 1060,
    });
    expect(terminalLayout({ command: 'ls', output: 'x'.repeat(900) }).columns).toBe(200);
    const cut = terminalLayout({ command: 'seq', output: 'x\n'.repeat(250) });
    expect(cut.lines).toHaveLength(200);
    expect(cut.hiddenLines).toBe(50);
  });

  it('notes the hidden lines', () => {
    const shot = { command: 'seq', output: 'x\n'.repeat(12), team: 't', time: 'now' };
    expect(terminalHtml(shot, terminalLayout(shot, 10))).toContain('… 2 more lines not shown');
  });

  it('formats times', () => {
    expect(formatShotTime(new Date('2025-05-02T13:45:09.123Z'))).toBe('2025-05-02 13:45:09 UTC');
    expect(formatShotTime('yesterday')).toBe('yesterday');
  });
});
