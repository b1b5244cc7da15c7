import '@xyflow/react/dist/style.css';
import './base.css';
import './cells.css';
import './graph.css';
import './run.css';
import './deploy.css';
import './compare.css';
