export type { DuplicateCandidate, Offer, Policy, PolicyContext, PolicyPorts } from './types';
export { POLICIES, policiesFor, recordChain, runWithPolicies } from './pipeline';
export type { RunWithPoliciesOptions, Send } from './pipeline';
export { EtagStore, etagStoreFor, resourceKey } from './etagStore';
export type { EtagStoreOptions } from './etagStore';
export type { ConditionalSend, EtagChange, EtagResource, EtagScope, EtagSighting, RequestRef } from './etagStoreTypes';
