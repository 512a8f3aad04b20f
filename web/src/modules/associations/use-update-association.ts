import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { TAssociation, TUpdateAssociationRequest } from '@mowakaba/shared/schemas/associations';
import { ApiError, apiRequest } from '../../lib/api-client';
import { associationKeys } from './association-keys';

/** The association as it is on the server when a save was refused as stale (409), else undefined. */
export function newerAssociationOf(error: unknown): TAssociation | undefined {
  if (!(error instanceof ApiError) || error.code !== 'conflict') return undefined;
  return (error.details as { current?: TAssociation } | undefined)?.current;
}

/** Saves changes made on the version the user saw; a 409 puts the newer version in the cache (the draft stays in the form). */
export function useUpdateAssociation(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (changes: TUpdateAssociationRequest) => apiRequest<TAssociation>(`/api/associations/${id}`, { method: 'PATCH', body: changes }),
    onSuccess: (association) => {
      queryClient.setQueryData(associationKeys.detail(id), association);
      void queryClient.invalidateQueries({ queryKey: associationKeys.lists() });
    },
    onError: (error) => {
      const newer = newerAssociationOf(error);
      if (newer) queryClient.setQueryData(associationKeys.detail(id), newer);
    },
  });
}
