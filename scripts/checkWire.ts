/**
 * Fails to compile when the frontend's and the server's wire contracts differ.
 *
 * Each side keeps one file (`src/api/wire.ts`, `server/src/contract/wire.ts`) so that
 * neither package imports the other; this check keeps them identical in shape.
 */
import type * as Front from '../src/api/wire';
import type * as Back from '../server/src/contract/wire';
import { API_VERSION as FRONT_API_VERSION } from '../src/api/wire';
import { API_VERSION as BACK_API_VERSION } from '../server/src/contract/wire';

type Equal<A, B> =
  (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2
    ? true
    : false;
type Assert<T extends true> = T;

/** One line per exported type: add a line when a type is added to the contract. */
export type WireChecks = [
  Assert<Equal<Front.IErrorBody, Back.IErrorBody>>,
  Assert<Equal<Front.IProblem, Back.IProblem>>,
  Assert<Equal<Front.IHealth, Back.IHealth>>,
  Assert<Equal<Front.IExecutorInfo, Back.IExecutorInfo>>,
  Assert<Equal<Front.IClusterPermission, Back.IClusterPermission>>,
  Assert<Equal<Front.IClusterStatus, Back.IClusterStatus>>,
  Assert<Equal<Front.IVersionInfo, Back.IVersionInfo>>,
  Assert<Equal<Front.IServerRuntime, Back.IServerRuntime>>,
  Assert<Equal<Front.ServerMessage, Back.ServerMessage>>,
  Assert<Equal<Front.ClientMessage, Back.ClientMessage>>,
  Assert<Equal<Front.Severity, Back.Severity>>,
  Assert<Equal<Front.IEnvVar, Back.IEnvVar>>,
  Assert<Equal<Front.IKubernetesSecret, Back.IKubernetesSecret>>,
  Assert<Equal<Front.IToleration, Back.IToleration>>,
  Assert<Equal<Front.IStepProperties, Back.IStepProperties>>,
  Assert<Equal<Front.ParameterType, Back.ParameterType>>,
  Assert<Equal<Front.IParameter, Back.IParameter>>,
  Assert<Equal<Front.ICellRef, Back.ICellRef>>,
  Assert<Equal<Front.ICompiledStep, Back.ICompiledStep>>,
  Assert<Equal<Front.IEdge, Back.IEdge>>,
  Assert<Equal<Front.CellOutput, Back.CellOutput>>,
  Assert<Equal<Front.ICellOutputs, Back.ICellOutputs>>,
  Assert<Equal<Front.IRunOutputs, Back.IRunOutputs>>,
  Assert<Equal<Front.IMoveNotebookRequest, Back.IMoveNotebookRequest>>,
  Assert<Equal<Front.ICompileResult, Back.ICompileResult>>,
  Assert<Equal<Front.ICompileRequest, Back.ICompileRequest>>,
  Assert<Equal<Front.RunStatus, Back.RunStatus>>,
  Assert<Equal<Front.StepStatus, Back.StepStatus>>,
  Assert<Equal<Front.IStepError, Back.IStepError>>,
  Assert<Equal<Front.IStepRecord, Back.IStepRecord>>,
  Assert<Equal<Front.IMetric, Back.IMetric>>,
  Assert<Equal<Front.IArtifact, Back.IArtifact>>,
  Assert<Equal<Front.IRunSummary, Back.IRunSummary>>,
  Assert<Equal<Front.IRunRecord, Back.IRunRecord>>,
  Assert<Equal<Front.IRunList, Back.IRunList>>,
  Assert<Equal<Front.ICreateRunRequest, Back.ICreateRunRequest>>,
  Assert<Equal<Front.IResumeRequest, Back.IResumeRequest>>,
  Assert<Equal<Front.ILogLine, Back.ILogLine>>,
  Assert<Equal<Front.RunEvent, Back.RunEvent>>,
  Assert<Equal<Front.IEventEnvelope, Back.IEventEnvelope>>,
  Assert<Equal<Front.DeploymentTarget, Back.DeploymentTarget>>,
  Assert<Equal<Front.DeploymentStatus, Back.DeploymentStatus>>,
  Assert<Equal<Front.DeploymentKind, Back.DeploymentKind>>,
  Assert<Equal<Front.IModelInput, Back.IModelInput>>,
  Assert<Equal<Front.IDeployment, Back.IDeployment>>,
  Assert<Equal<Front.IDeploymentList, Back.IDeploymentList>>,
  Assert<Equal<Front.ICreateDeploymentRequest, Back.ICreateDeploymentRequest>>,
  Assert<Equal<Front.IPredictResponse, Back.IPredictResponse>>,
  Assert<Equal<Front.DeploymentEvent, Back.DeploymentEvent>>,
  Assert<Equal<Front.Channel, Back.Channel>>,
  Assert<Equal<typeof FRONT_API_VERSION, typeof BACK_API_VERSION>>
];
