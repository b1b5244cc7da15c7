import { testEngine } from '../../testing/testEngine.js';
import { executorContract } from '../executorContract.js';

executorContract('local', () => testEngine());
