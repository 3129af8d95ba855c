// Form state for connecting: inline validation first, then the server's own invalid_input, shown in the same place.
import { useState, type FormEvent } from 'react';
import { useConnect } from '../../api/cluster';
import { bootstrapInputProblem } from './validateBootstrap';

export function useConnectForm(initialValue: string, onConnected: () => void) {
  const [value, setValue] = useState(initialValue);
  // Only complain after the person leaves the field or submits, not while they type the first character.
  const [checked, setChecked] = useState(false);
  const connect = useConnect();

  const localProblem = checked ? bootstrapInputProblem(value) : null;
  const serverProblem = connect.error?.code === 'invalid_input' ? connect.error.message : null;
  const otherError = connect.error && connect.error.code !== 'invalid_input' ? connect.error : null;

  return {
    value,
    problem: localProblem ?? serverProblem,
    otherError,
    pending: connect.isPending,
    onChange: (next: string) => {
      setValue(next);
      if (connect.error) connect.reset();
    },
    onBlur: () => setChecked(value.trim() !== ''),
    onSubmit: (event: FormEvent) => {
      event.preventDefault();
      setChecked(true);
      if (bootstrapInputProblem(value) !== null) return;
      connect.mutate({ bootstrap: value }, { onSuccess: onConnected });
    },
  };
}
