import { createContext, useContext } from 'react';

/**
 * The Content-Security-Policy nonce of this page: the server makes one per response and every
 * inline script it renders carries it. In the browser it reads as '' (browsers hide nonces).
 */
export const NonceContext = createContext('');
export const useNonce = () => useContext(NonceContext);
