-- Varje kommunkod i data måste finnas bland länets kommuner
with koder as (
    select 'enkatsvar' as tabell, kommunkod from main.enkatsvar
    union all select 'anslag', kommunkod from main.anslag where part = 'kommun'
    union all select 'befolkning', kommunkod from main.befolkning
    union all select 'invanare_prognos', kommunkod from main.invanare_prognos
    union all select 'skattekraft', kommunkod from main.skattekraft
)
select tabell, kommunkod as varde from koder where kommunkod not in (select kommunkod from main.kommun)
