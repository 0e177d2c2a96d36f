import {
  ActionRowBuilder,
  ButtonBuilder,
  type ButtonInteraction,
  ButtonStyle,
  type ChatInputCommandInteraction,
  type Client,
  EmbedBuilder,
  Events,
  type Interaction,
  MessageFlags,
  StringSelectMenuBuilder,
  type StringSelectMenuInteraction,
  type TextChannel,
} from 'discord.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type DiscordStandIn, loginClient, startDiscordStandIn } from '../support/discord/index.js';

function nextInteraction<T extends Interaction>(client: Client): Promise<T> {
  return new Promise((resolve) => client.once(Events.InteractionCreate, (i) => resolve(i as T)));
}

const confirmRow = (id = 'confirm:job-1') =>
  new ActionRowBuilder<ButtonBuilder>().addComponents(
    new ButtonBuilder().setCustomId(id).setLabel('Confirm').setStyle(ButtonStyle.Danger),
    new ButtonBuilder().setCustomId('cancel:job-1').setLabel('Cancel').setStyle(ButtonStyle.Secondary),
  );

describe('discord stand-in: replies, messages, components, files', () => {
  let standIn: DiscordStandIn;
  let client: Client<true>;
  let channel: TextChannel;

  beforeEach(async () => {
    standIn = await startDiscordStandIn();
    client = await loginClient(standIn);
    channel = client.channels.cache.get(standIn.channelId) as TextChannel;
  });

  afterEach(async () => {
    await client.destroy();
    standIn.assertNoViolations();
    await standIn.close();
  });

  it('records deferReply (type 5, no auth) then editReply on %40original', async () => {
    const got = nextInteraction<ChatInputCommandInteraction>(client);
    const { id } = await standIn.dispatchCommand({ name: 'status' });
    const i = await got;
    await i.deferReply({ flags: MessageFlags.Ephemeral });
    const reply = await i.editReply({
      content: 'queued as #42',
      embeds: [
        new EmbedBuilder()
          .setTitle('scale')
          .setColor(0x2ecc71)
          .addFields({ name: 'replicas', value: '5' })
          .setTimestamp(),
      ],
    });
    expect(reply.content).toBe('queued as #42');
    const [callback] = standIn.calls('POST /interactions/{interaction_id}/{interaction_token}/callback');
    expect(callback?.body).toEqual({ type: 5, data: { flags: 64 } });
    expect(callback?.auth).toBe(false);
    expect(callback?.status).toBe(204);
    const [edit] = standIn.calls('PATCH /webhooks/:app/:token/messages/@original');
    expect(edit?.path.endsWith('/messages/@original')).toBe(true);
    const view = standIn.interactionResponse(id);
    expect(view?.callbackType).toBe(5);
    expect(view?.original?.ephemeral).toBe(true);
    expect(view?.original?.message.content).toBe('queued as #42');
    expect(view?.original?.history.map((h) => h.content)).toEqual(['', 'queued as #42']);
  });

  it('sends and edits channel messages with a button row, and a click comes back as a ButtonInteraction', async () => {
    const sent = await channel.send({ content: 'Delete the lab of team-1?', components: [confirmRow()] });
    expect(sent.id).toMatch(/^\d{17,19}$/);
    await sent.edit({ content: 'Delete the lab of team-1? (waiting)' });
    const [stored] = standIn.messagesIn();
    expect(stored?.history.map((h) => h.content)).toEqual([
      'Delete the lab of team-1?',
      'Delete the lab of team-1? (waiting)',
    ]);

    const got = nextInteraction<ButtonInteraction>(client);
    const click = await standIn.clickButton({
      messageId: sent.id,
      customId: 'confirm:job-1',
      user: 'instructor',
      admin: true,
    });
    const i = await got;
    expect(i.isButton()).toBe(true);
    expect(i.customId).toBe('confirm:job-1');
    expect(i.message.id).toBe(sent.id);
    await i.update({ content: 'Deleting…', components: [] });
    expect(standIn.message(sent.id)?.message.content).toBe('Deleting…');
    expect(standIn.message(sent.id)?.message.components).toEqual([]);
    expect(standIn.interactionResponse(click.id)?.callbackType).toBe(7);
    await expect(standIn.clickButton({ messageId: sent.id, customId: 'nope' })).rejects.toThrow(
      /no component/,
    );
  });

  it('supports deferUpdate followed by editReply on the clicked message, and followUp', async () => {
    const sent = await channel.send({
      content: 'Scale hello-node to 5?',
      components: [confirmRow('confirm:scale')],
    });
    const got = nextInteraction<ButtonInteraction>(client);
    const click = await standIn.clickButton({ messageId: sent.id, customId: 'confirm:scale' });
    const i = await got;
    await i.deferUpdate();
    await i.editReply({ content: 'Scaling…', components: [] });
    const follow = await i.followUp({ content: 'job #7 queued', flags: MessageFlags.Ephemeral });
    expect(standIn.message(sent.id)?.message.content).toBe('Scaling…');
    const view = standIn.interactionResponse(click.id);
    expect(view?.callbackType).toBe(6);
    expect(view?.followups.map((m) => m.message.content)).toEqual(['job #7 queued']);
    expect(view?.followups[0]?.id).toBe(follow.id);
    expect(view?.followups[0]?.ephemeral).toBe(true);
    expect(standIn.calls('POST /webhooks/{webhook_id}/{webhook_token}')[0]?.query.wait).toBe('true');
  });

  it('reply() then followUp() and fetchReply() on a command', async () => {
    const got = nextInteraction<ChatInputCommandInteraction>(client);
    const { id } = await standIn.dispatchCommand({ name: 'help', locale: 'pt-BR' });
    const i = await got;
    await i.reply({ content: 'Comandos: /scale, /status' });
    const fetched = await i.fetchReply();
    await i.followUp('mais uma coisa');
    expect(fetched.content).toBe('Comandos: /scale, /status');
    expect(standIn.interactionResponse(id)?.callbackType).toBe(4);
    expect(standIn.messagesIn().map((m) => m.message.content)).toEqual([
      'Comandos: /scale, /status',
      'mais uma coisa',
    ]);
  });

  it('parses multipart uploads (payload_json + files[n]) and keeps attachments', async () => {
    const png = Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      Buffer.alloc(2048, 7),
    ]);
    const sent = await channel.send({
      content: 'evidence',
      files: [
        { attachment: png, name: 'x.png', description: 'lb probe' },
        { attachment: Buffer.from('log line\n'), name: 'run.log' },
      ],
    });
    expect(sent.attachments.size).toBe(2);
    const [call] = standIn.calls('POST /channels/{channel_id}/messages');
    expect(call?.files.map((f) => [f.field, f.filename, f.size])).toEqual([
      ['files[0]', 'x.png', png.length],
      ['files[1]', 'run.log', 9],
    ]);
    expect(call?.files[0]?.data.equals(png)).toBe(true);
    expect(call?.body).toMatchObject({ content: 'evidence' });
    const stored = standIn.message(sent.id)?.message.attachments ?? [];
    expect(stored.map((a) => [a.filename, a.size, a.description])).toEqual([
      ['x.png', png.length, 'lb probe'],
      ['run.log', 9, undefined],
    ]);
  });

  it('answers an autocomplete with choices', async () => {
    const got = nextInteraction(client);
    const { id } = await standIn.autocomplete({
      name: 'scale',
      options: { deployment: 'hel', replicas: 2 },
      focused: 'deployment',
    });
    const i = await got;
    if (!i.isAutocomplete()) throw new Error('expected autocomplete');
    expect(i.options.getFocused()).toBe('hel');
    await i.respond([{ name: 'hello-node', value: 'hello-node' }]);
    expect(standIn.interactionResponse(id)?.choices).toEqual([{ name: 'hello-node', value: 'hello-node' }]);
  });

  it('delivers a string-select choice as a StringSelectMenuInteraction', async () => {
    const menu = new StringSelectMenuBuilder()
      .setCustomId('pick-team')
      .setPlaceholder('Team')
      .addOptions({ label: 'team-1', value: 't1' }, { label: 'team-2', value: 't2' });
    const sent = await channel.send({
      content: 'Which team?',
      components: [new ActionRowBuilder<StringSelectMenuBuilder>().addComponents(menu)],
    });
    const got = nextInteraction<StringSelectMenuInteraction>(client);
    await standIn.selectMenu({ messageId: sent.id, customId: 'pick-team', values: ['t2'] });
    const i = await got;
    expect(i.isStringSelectMenu()).toBe(true);
    expect(i.values).toEqual(['t2']);
    await i.update({ content: 'team-2 selected', components: [] });
    expect(standIn.message(sent.id)?.message.content).toBe('team-2 selected');
  });
});
