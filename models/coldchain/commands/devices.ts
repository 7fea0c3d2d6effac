// Device tokens issued by an official for a carrier (or a plant's cold store): the same tokens the
// organization issues itself at /account/tokens, bound to it, shown once, stored hashed. An
// official reaches the organizations of the town only.
import { Types } from 'mongoose';
import { z } from 'zod';
import { defineCommand, found, ok } from '../../kernel/command';
import type { Scope } from '../../kernel/scope';
import { ApiTokenModel, issueToken, listTokens, OrganizationModel, revokeToken } from '../../town';
import { objectId, text } from '~/schemas/common';

const DEVICE_ORG_TYPES = ['carrier', 'plant'] as const;

/** The carrier or plant an official may issue device tokens for. */
export async function deviceOrg(scope: Scope, id: Types.ObjectId) {
  return OrganizationModel.findOne({
    _id: id,
    type: { $in: DEVICE_ORG_TYPES },
    archivedAt: null,
    ...(scope.access !== 'any' && { townId: scope.townId }),
  })
    .select('name type townId')
    .lean();
}

export async function deviceTokensOf(scope: Scope, id: Types.ObjectId) {
  const org = await deviceOrg(scope, id);
  return org ? { org: { id: String(org._id), name: org.name }, tokens: await listTokens(org._id) } : null;
}

export const issueDeviceTokenCommand = defineCommand({
  name: 'device-token/issue',
  permission: ['write', 'organization'],
  input: z.object({ orgId: objectId, name: text(60) }),
  async run({ orgId, name }, { scope, actor }) {
    const org = await deviceOrg(scope, new Types.ObjectId(orgId));
    if (!org) return found<{ token: string }>(null);
    const role = org.type as (typeof DEVICE_ORG_TYPES)[number];
    const { token } = await issueToken({ townId: org.townId!, orgId: org._id, role, name }, actor);
    return ok({ token });
  },
});

export const revokeDeviceTokenCommand = defineCommand({
  name: 'device-token/revoke',
  permission: ['write', 'organization'],
  input: z.object({ orgId: objectId, id: objectId }),
  async run({ orgId, id }, { scope, actor }) {
    const org = await deviceOrg(scope, new Types.ObjectId(orgId));
    if (!org) return found(null);
    if (!(await ApiTokenModel.exists({ _id: id, orgId: org._id }))) return found(null);
    return found(await revokeToken(org._id, new Types.ObjectId(id), actor));
  },
});
