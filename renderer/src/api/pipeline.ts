// The pipeline map: the map in use, validating and saving an edit, and the consumer groups of the source
// topic that the map does not know yet (offered as stages).
import {
  channelKey,
  refreshMs,
  useChannelMutation,
  useChannelQuery,
  type ChannelMutationOptions,
} from './channelQuery';

export const usePipelineMap = () => useChannelQuery('pipeline.map', {});

export const useValidateMap = () => useChannelMutation('pipeline.validateMap');

/** Groups change membership and topics appear while a pipeline is being set up: poll gently. */
export const useUnmappedGroups = () =>
  useChannelQuery('pipeline.unmappedGroups', {}, { refetchInterval: refreshMs.slow });

/** A saved map is the answer; every other view (stuck payments, DLQs, unmapped groups…) used the old one. */
export const afterMapChange: ChannelMutationOptions<'pipeline.saveMap' | 'pipeline.addStages'> = {
  onSuccess: (view, _input, client) => {
    client.setQueryData(channelKey('pipeline.map', {}), view);
    void client.invalidateQueries({ predicate: (query) => query.queryKey[0] !== 'pipeline.map' });
  },
};

export const useSaveMap = () => useChannelMutation('pipeline.saveMap', afterMapChange);

export const useAddStages = () => useChannelMutation('pipeline.addStages', afterMapChange);
