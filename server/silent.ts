import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import {
  ApolloServerPluginSchemaReportingDisabled,
  ApolloServerPluginUsageReportingDisabled,
} from '@apollo/server/plugin/disabled';

/**
 * The hub never reaches outside its own network by itself. Apollo's gateway would otherwise probe cloud metadata
 * servers (100.100.100.200, 169.254.169.254, metadata.google.internal) for its telemetry and send metrics to Apollo
 * on shutdown; Apollo Server would report usage and schema when an Apollo key is in the environment. All are off
 * here in code, whatever the environment says.
 */
export function silenceApollo() {
  process.env.APOLLO_TELEMETRY_DISABLED = 'true';
  delete process.env.APOLLO_KEY;
  delete process.env.APOLLO_GRAPH_REF;
}

export const noReporting = <C extends BaseContext>() =>
  [ApolloServerPluginUsageReportingDisabled(), ApolloServerPluginSchemaReportingDisabled()] as ApolloServerPlugin<C>[];
