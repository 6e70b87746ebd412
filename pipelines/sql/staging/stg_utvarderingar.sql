-- Which export belongs to which utvärdering, its deadline and response model (data/raw/utvarderingar.csv).
with source as (select * from raw.utvarderingar),
final as (
    select cast(utvardering as integer) as utvardering, fil, blad,
           cast(oppnade as date) as oppnade, cast(sista_svarsdag as date) as sista_svarsdag,
           cast(svarsmodell as varchar) as svarsmodell
    from source
)
select * from final
