// Type-checked by test/types.test.mjs with `tsc --strict --noEmit`, never run.
// Every call below must compile, and every line after a `@ts-expect-error`
// must fail to (tsc reports an unused directive otherwise), which is what
// proves the declarations are typed rather than `any`.
import { Clerk } from '../../index.js';
import type { EmailAddress, GetUserListParams, InvitationStatus, Organization, RequestOptions, User, Webhooks } from '../../index.js';

export async function usage(clerk: Clerk, signal: AbortSignal, event: Webhooks.Event): Promise<void> {
  const options: RequestOptions = { signal, timeoutMs: 5_000, headers: { 'x-request-id': 'r1' } };

  // A list: awaiting gives the page as the API returns it (a bare array here) ...
  const params: GetUserListParams = { limit: 100, order_by: '-created_at', email_address: ['a@example.com'] };
  const page: User[] = await clerk.users.list(params, options);
  const firstName: string | null | undefined = page[0]?.first_name;
  // ... and `for await` goes over every user of every page.
  for await (const user of clerk.users.list({ limit: 100 }, { signal })) {
    const id: string = user.id;
    // Nested models keep the wire names; a union narrows on its `object` tag.
    const email: EmailAddress | undefined = user.email_addresses[0];
    const address: string | undefined = email?.email_address;
    const verification = email?.verification;
    if (verification?.object === 'verification_otp') {
      const attempts: number | null = verification.attempts;
    }
    void [id, address];
  }
  // An envelope page (`data` + `total_count`) iterates its `data` items.
  const orgs = await clerk.organizations.list({ limit: 5 });
  const total: number = orgs.total_count;
  for await (const org of clerk.organizations.list()) {
    const name: string = org.name;
    const plain: Organization = org;
    void [name, plain];
  }

  const user: User = await clerk.users.get({ user_id: 'user_123' });
  const nullable: string | null = user.external_id;
  const publicMeta: Record<string, unknown> = user.public_metadata;

  // Metadata goes through as any JSON object; a nullable field takes null.
  const created = await clerk.users.create({
    email_address: ['new@example.com'],
    first_name: null,
    public_metadata: { plan: 'pro', limits: { seats: 3 }, tags: ['a', 'b'] },
  });
  const plan: unknown = created.public_metadata['plan'];
  await clerk.users.updateMetadata({ user_id: created.id, private_metadata: { stripe: 'cus_1' } });

  // Uploads: bytes, a Blob, or a path streamed from disk.
  await clerk.users.setProfileImage({ user_id: 'user_123', file: Buffer.from('png') });
  await clerk.users.setProfileImage({ user_id: 'user_123', file: { path: '/tmp/a.png', contentType: 'image/png' } });
  await clerk.organizations.uploadLogo({ organization_id: 'org_1', file: new Blob([new Uint8Array([1, 2])]) });

  // Enums: a documented value and one the spec does not know yet.
  const known: InvitationStatus = 'pending';
  await clerk.invitations.list({ status: known });
  await clerk.invitations.list({ status: 'status_added_later' });
  // A non-object body goes under `body`.
  await clerk.invitations.bulkCreate({ body: [{ email_address: 'a@example.com', notify: false }] });
  // A method without required parameters takes none.
  const jwks = await clerk.jwks.getJWKS();

  // A webhook event narrows on its type; its models are the webhook spec's.
  if (event.type === 'user.created') {
    const created: string = event.data.id;
    const at: number = event.timestamp;
    void [created, at];
  }

  // @ts-expect-error an event type that does not exist
  if (event.type === 'user.exploded') return;
  // @ts-expect-error `user_id` is required
  await clerk.users.get({});
  // @ts-expect-error parameters are required when one of them is
  await clerk.users.get();
  // @ts-expect-error `limit` is a number
  await clerk.users.list({ limit: '100' });
  // @ts-expect-error a misspelled method
  await clerk.users.lst();
  // @ts-expect-error a misspelled resource
  await clerk.user.get({ user_id: 'user_123' });
  // @ts-expect-error parameters are wire names, not camelCase
  await clerk.users.get({ userId: 'user_123' });
  // @ts-expect-error an unknown parameter
  await clerk.users.get({ user_id: 'user_123', expand: true });
  // @ts-expect-error an enum parameter takes strings
  await clerk.invitations.list({ status: 1 });
  // @ts-expect-error a file is a FileInput
  await clerk.users.setProfileImage({ user_id: 'user_123', file: 42 });
  // @ts-expect-error per-call options are typed
  await clerk.users.get({ user_id: 'user_123' }, { timeoutMs: 'soon' });
  // @ts-expect-error a nullable field is `string | null`
  const notNull: string = user.external_id;
  // @ts-expect-error a misspelled field of a model
  const typo = user.fist_name;
  // @ts-expect-error a list page is not one model
  const notAUser: User = await clerk.users.list();
  // @ts-expect-error the items of a page are models, not strings
  for await (const s of clerk.users.list()) { const str: string = s; }
  // @ts-expect-error a required body field
  await clerk.organizations.create({ max_allowed_memberships: 3 });

  void [firstName, total, nullable, publicMeta, plan, jwks, notNull, typo, notAUser];
}
