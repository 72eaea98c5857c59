// Entry point: styles, the city's district endpoints (config.json), then the shell.
import '@picocss/pico/css/pico.min.css';
import './styles.css';
import { render } from 'preact';
import { App } from './app';
import { loadConfig } from './core/config';

const root = document.getElementById('app') as HTMLElement;

loadConfig().then(
  () => {
    root.textContent = '';
    render(<App />, root);
  },
  () => {
    root.innerHTML = '';
    const p = document.createElement('p');
    p.setAttribute('role', 'alert');
    p.textContent = '无法读取平台配置，请稍后刷新重试。';
    root.append(p);
  },
);
