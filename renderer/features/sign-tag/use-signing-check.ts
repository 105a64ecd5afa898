/**
 * The Sign dialog's check: core's signing plan for IMAGE:TAG (trust:signingPlan) and the registry's
 * digest (trust:resolveDigest), asked together; `replan` asks the plan again for a chosen signer or
 * root key. The first plan is kept: for a repository without trust data its `creates.signer` is the
 * registry login, the name docker gives the first signer.
 */
import { useState } from 'react';
import type { ErrorDTO, ResolvedDigest, SigningPlan, SigningPlanRequest } from '../../../electron/ipc/contract.ts';
import { useApi } from '../../api.ts';
import { errorToShow } from '../../store/errors.ts';

export interface SigningCheck {
  /** The plan asked without options (null until asked, or when it failed). */
  firstPlan: SigningPlan | null;
  /** The plan for the current choices. */
  plan: SigningPlan | null;
  planError: ErrorDTO | null;
  resolved: ResolvedDigest | null;
  resolveError: ErrorDTO | null;
  /** Asks the plan and the digest (`fresh`: for the registry's digest, a local image just pushed); returns the plan (null when it could not be made). */
  start(fresh?: boolean): Promise<SigningPlan | null>;
  /** Whether the plan is for the registry's digest (a local image just pushed) rather than a co-signature. */
  fresh: boolean;
  replan(opts: Omit<SigningPlanRequest, 'reference'>): Promise<void>;
}

export function useSigningCheck(image: string): SigningCheck {
  const api = useApi();
  const [firstPlan, setFirstPlan] = useState<SigningPlan | null>(null);
  const [plan, setPlan] = useState<SigningPlan | null>(null);
  const [planError, setPlanError] = useState<ErrorDTO | null>(null);
  const [resolved, setResolved] = useState<ResolvedDigest | null>(null);
  const [resolveError, setResolveError] = useState<ErrorDTO | null>(null);
  const [fresh, setFresh] = useState(false);

  const start = async (pushed = false): Promise<SigningPlan | null> => {
    setFresh(pushed);
    const [p, r] = await Promise.allSettled([
      api.trust.signingPlan({ reference: image, ...(pushed ? { fresh: true } : {}) }),
      api.trust.resolveDigest(image),
    ]);
    setResolved(r.status === 'fulfilled' ? r.value : null);
    setResolveError(r.status === 'rejected' ? errorToShow(r.reason) : null);
    const value = p.status === 'fulfilled' ? p.value : null;
    setFirstPlan(value);
    setPlan(value);
    setPlanError(p.status === 'rejected' ? errorToShow(p.reason) : null);
    return value;
  };

  const replan = async (opts: Omit<SigningPlanRequest, 'reference'>): Promise<void> => {
    setPlan(null); // never show the plan for other choices while the new one is asked
    try {
      setPlan(await api.trust.signingPlan({ reference: image, ...opts, ...(fresh ? { fresh: true } : {}) }));
      setPlanError(null);
    } catch (e) {
      setPlan(null);
      setPlanError(errorToShow(e));
    }
  };

  return { firstPlan, plan, planError, resolved, resolveError, start, replan, fresh };
}
