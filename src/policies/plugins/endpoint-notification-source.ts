/** `endpoint-notification-source`: pod add/delete comes from the simulator's pod list (inert.ts). */
import { z } from 'zod';
import { inertPlugin } from './inert.js';

export const ENDPOINT_NOTIFICATION_SOURCE_TYPE = 'endpoint-notification-source';
export const endpointNotificationSource = inertPlugin(ENDPOINT_NOTIFICATION_SOURCE_TYPE, z.strictObject({}));
