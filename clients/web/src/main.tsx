/** The portal of cpmi-matcher (clients/web): served by the Connect door at "/". */
import { render } from "preact";
import { App } from "./app.js";
import "./page.css";

render(<App />, document.getElementById("app") as HTMLElement);
