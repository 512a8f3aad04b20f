/**
 * The demo's seeding entry: loads the demo teams, users, associations, tickets and articles of
 * `demo-content.ts` once per database, when `DEMO_DATA` is on (never in production). Not part of the
 * production server: `main.ts` imports it only when the demo is wanted. Every record it creates is
 * marked (`markDemoRecords`), so an admin can remove exactly these later
 * (`DELETE /api/admin/demo-data`); after a removal, no start loads them again.
 */
import mongoose from 'mongoose';
import { normalizePhoneNumber } from '@mowakaba/shared/phone';
import type { Logger } from '../../server/src/logger.js';
import { getStorage } from '../../server/src/platform/storage/index.js';
import type { EventPublisher } from '../../server/src/realtime/event-publisher.js';
import { AssociationModel } from '../../server/src/modules/associations/association.model.js';
import { createAssociation } from '../../server/src/modules/associations/associations.service.js';
import { countDemoRecords, markDemoRecords, readDemoDataMarkers, recordDemoDataLoaded } from '../../server/src/modules/demo/index.js';
import { ArticleModel } from '../../server/src/modules/kb/article.model.js';
import { createArticle } from '../../server/src/modules/kb/articles.service.js';
import { computeSla, getSlaContext, scheduleSlaCheck } from '../../server/src/modules/sla/sla.service.js';
import { TeamModel } from '../../server/src/modules/teams/team.model.js';
import { toTicketDto } from '../../server/src/modules/tickets/ticket-dto.js';
import { allocateTicketReference } from '../../server/src/modules/tickets/ticket-reference.js';
import { PRIORITY_RANK, TicketModel } from '../../server/src/modules/tickets/ticket.model.js';
import { appendTicketEntries, recordTicketCreated } from '../../server/src/modules/tickets/ticket.store.js';
import { hashPassword } from '../../server/src/modules/users/password.js';
import { UserModel } from '../../server/src/modules/users/user.model.js';
import { demoArticles, demoAssociations, demoTeams, demoTickets, demoUsers } from './demo-content.js';

/** The password of every demo agent and supervisor; shown in the README. */
export const DEMO_PASSWORD = 'mowakaba-demo-2026';

/**
 * Loads the demo data once per database. Each step skips what already exists, so a start
 * interrupted half-way finishes the job next time; each record is marked as demo data as it is
 * created. Tickets and their timelines go on the change feed through `publisher`, like any other,
 * so the ticket directory and search know them. Returns whether it loaded anything.
 */
export async function seedDemoData(logger: Logger, publisher: EventPublisher): Promise<boolean> {
  return getStorage().withMutex(
    ['demo-data'],
    async () => {
      const markers = await readDemoDataMarkers();
      if (markers.removedAt) return false;
      if (markers.loaded) {
        await markDemoDataLoadedBeforeMarks();
        return false;
      }

      const teamIds = await seedTeams();
      const userIds = await seedUsers(teamIds);
      const associationIds = await seedAssociations(logger);
      await seedTickets(teamIds, userIds, associationIds, publisher);
      await seedArticles(userIds);

      await recordDemoDataLoaded(getStorage().clock.now());
      return true;
    },
    { ttlMs: 120_000, waitMs: 120_000 },
  );
}

/**
 * A database loaded before records were marked: its demo records are found by what the demo
 * content names them with (ticket demo keys, registration references, slugs, e-mail addresses,
 * team keys) and marked once, so they can be removed like the others.
 */
async function markDemoDataLoadedBeforeMarks(): Promise<void> {
  if ((await countDemoRecords('ticket')) + (await countDemoRecords('association')) + (await countDemoRecords('user')) > 0) return;
  const ids = (documents: Array<{ _id: mongoose.Types.ObjectId }>) => documents.map((document) => document._id.toString());
  await markDemoRecords('ticket', ids(await TicketModel.find({ 'custom.demoKey': { $exists: true } }, { _id: 1 }).lean()));
  await markDemoRecords('association', ids(await AssociationModel.find({ registrationRef: { $in: demoAssociations.map((item) => item.registrationRef) } }, { _id: 1 }).lean()));
  await markDemoRecords('article', ids(await ArticleModel.find({ slug: { $in: demoArticles.map((item) => item.key) } }, { _id: 1 }).lean()));
  await markDemoRecords('user', ids(await UserModel.find({ email: { $in: demoUsers.map((item) => item.email) } }, { _id: 1 }).lean()));
  await markDemoRecords('team', ids(await TeamModel.find({ key: { $in: demoTeams.map((item) => item.key) } }, { _id: 1 }).lean()));
}

async function seedTeams(): Promise<Map<string, mongoose.Types.ObjectId>> {
  const ids = new Map<string, mongoose.Types.ObjectId>();
  for (const team of demoTeams) {
    const existing = await TeamModel.findOne({ key: team.key });
    const stored =
      existing ?? (await TeamModel.create({ key: team.key, name: team.name, skills: { languages: team.languages, topics: team.topics } }));
    if (!existing) await markDemoRecords('team', [stored._id.toString()]);
    ids.set(team.key, stored._id);
  }
  return ids;
}

async function seedUsers(teamIds: Map<string, mongoose.Types.ObjectId>): Promise<Map<string, mongoose.Types.ObjectId>> {
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const ids = new Map<string, mongoose.Types.ObjectId>();
  for (const user of demoUsers) {
    const existing = await UserModel.findOne({ email: user.email });
    const stored = existing ?? (await UserModel.create({ email: user.email, name: user.name, role: user.role, language: 'ar', passwordHash }));
    if (!existing) await markDemoRecords('user', [stored._id.toString()]);
    ids.set(user.email, stored._id);
    await TeamModel.updateOne({ key: user.teamKey }, { $addToSet: { memberIds: stored._id } });
  }
  for (const [key, id] of teamIds) ids.set(`team:${key}`, id);
  return ids;
}

async function seedAssociations(logger: Logger): Promise<Map<string, mongoose.Types.ObjectId>> {
  const ids = new Map<string, mongoose.Types.ObjectId>();
  for (const association of demoAssociations) {
    const existing = await AssociationModel.findOne({ registrationRef: association.registrationRef });
    const contacts = association.contacts.map((contact) => ({
      ...contact,
      phones: contact.phones.map((phone) => {
        const normalized = normalizePhoneNumber(phone);
        if (!normalized) logger.warn({ association: association.key }, 'demo phone number is not valid');
        return normalized;
      }).filter((phone): phone is string => phone !== undefined),
    }));
    if (existing) {
      ids.set(association.key, existing._id);
      continue;
    }
    const { key: _key, ...fields } = association;
    // Through the associations module, so the association is searchable and in the caller-ID directory.
    const created = await createAssociation({ ...fields, contacts });
    await markDemoRecords('association', [created.id]);
    ids.set(association.key, new mongoose.Types.ObjectId(created.id));
  }
  return ids;
}

async function seedTickets(
  teamIds: Map<string, mongoose.Types.ObjectId>,
  userIds: Map<string, mongoose.Types.ObjectId>,
  associationIds: Map<string, mongoose.Types.ObjectId>,
  publisher: EventPublisher,
): Promise<void> {
  const slaContext = await getSlaContext();
  for (const [index, ticket] of demoTickets.entries()) {
    const demoKey = `demo-ticket-${index + 1}`;
    if (await TicketModel.exists({ 'custom.demoKey': demoKey })) continue;
    const association = await AssociationModel.findById(associationIds.get(ticket.associationKey)).lean();
    const createdAt = getStorage().clock.now();
    const stored = await TicketModel.create({
      createdAt,
      sla: computeSla({ createdAt, priority: ticket.priority, status: ticket.status, sla: null }, slaContext, createdAt),
      reference: await allocateTicketReference(),
      associationId: association?._id,
      contactId: association?.contacts[0]?._id,
      contactPhone: association?.contacts[0]?.phones[0],
      region: association?.region,
      priorityRank: PRIORITY_RANK[ticket.priority],
      solvedAt: ticket.status === 'solved' ? createdAt : null,
      channel: ticket.channel,
      language: ticket.language,
      topic: ticket.topic,
      priority: ticket.priority,
      status: ticket.status,
      subject: ticket.subject,
      description: ticket.description,
      teamId: teamIds.get(ticket.teamKey),
      assigneeId: ticket.assigneeEmail ? userIds.get(ticket.assigneeEmail) : undefined,
      tags: ticket.tags,
      custom: { demoKey },
    });
    // Marked before anything announces it, so a removal never misses a ticket seen on screen.
    await markDemoRecords('ticket', [stored._id.toString()]);
    await recordTicketCreated(toTicketDto(stored.toObject()), null, publisher);
    await scheduleSlaCheck(stored.toObject(), slaContext.settings.policy.warningMinutes);
    await appendTicketEntries(
      ticket.timeline.map((entry) => ({ ticketId: stored._id, kind: entry.kind, authorId: userIds.get(entry.authorEmail), body: entry.body })),
      publisher,
    );
  }
}

async function seedArticles(userIds: Map<string, mongoose.Types.ObjectId>): Promise<void> {
  const author = userIds.get(demoUsers.find((user) => user.role === 'supervisor')?.email ?? '')?.toString();
  const idsByKey = new Map<string, string>();
  // Originals first, so a translation finds the article it translates.
  const ordered = [...demoArticles].sort((a, b) => Number(a.translationOfKey !== undefined) - Number(b.translationOfKey !== undefined));
  for (const article of ordered) {
    const existing = await ArticleModel.findOne({ slug: article.key }).select('_id').lean();
    if (existing) {
      idsByKey.set(article.key, existing._id.toString());
      continue;
    }
    const { key, translationOfKey, ...fields } = article;
    // Through the article service, so the article is versioned and indexed for search.
    const created = await createArticle(
      { ...fields, translationOf: translationOfKey ? idsByKey.get(translationOfKey) : undefined },
      author,
      { slug: key },
    );
    await markDemoRecords('article', [created.id]);
    idsByKey.set(key, created.id);
  }
}
